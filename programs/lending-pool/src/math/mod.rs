//! Pure integer arithmetic. Every division names its rounding direction; callers pick the
//! direction that favours the pool.
pub mod fixed;
pub mod health;
pub mod interest;
pub mod liquidation;
pub mod price;
pub mod shares;
pub mod wide;

pub use fixed::*;
pub use health::*;
pub use interest::*;
pub use liquidation::*;
pub use price::*;
pub use shares::*;
