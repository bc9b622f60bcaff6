//! Pure integer arithmetic. Every division names its rounding direction; callers pick the
//! direction that favours the pool.
pub mod fixed;
pub mod shares;

pub use fixed::*;
pub use shares::*;
