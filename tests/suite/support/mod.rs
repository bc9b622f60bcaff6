//! What the suite's tests share: pools and actors set up the usual ways (`pools`), the
//! crash fixture and liquidation helpers (`crash`), marks (`marks`), the "refused and
//! changed nothing" checks (`refusals`), stakers (`stakes`), and the fixtures of the exit
//! and wipe-out tests (`exits`, `wipe_out`, imported by path: their names are short).
mod crash;
pub mod exits;
mod marks;
mod pools;
mod refusals;
mod stakes;
pub mod wipe_out;

pub use crash::*;
pub use marks::*;
pub use pools::*;
pub use refusals::*;
pub use stakes::*;
