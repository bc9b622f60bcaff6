//! The reference liquidator's decisions (what to liquidate or settle, and which shortfalls
//! to mark: `marks`), as pure functions of account data and prices (no
//! network): the `liquidator` bot and the stress simulator both plan and run their rounds
//! through this crate (`Round`).
//!
//! A decision is taken by running the program's own book-keeping (`Pool::accrue_interest`,
//! `Pool::liquidate`, which also books the fee and settles what a liquidation leaves) on copies of the accounts, so a plan the library returns is one the
//! program accepts at the same prices, and its quoted collateral is exactly what the
//! program pays.
//!
//! ```
//! use lending_pool_liquidator::{scan, StrategyConfig};
//! use anchor_lang::prelude::Pubkey;
//!
//! // what a bot passes to getProgramAccounts to list one pool's positions
//! let pool = Pubkey::new_unique();
//! let filters = scan::position_filters(&pool);
//! assert_eq!(filters[1].offset, 8);
//! assert_eq!(filters[1].bytes, pool.to_bytes().to_vec());
//! let _cfg = StrategyConfig::default();
//! ```
pub mod marks;
pub mod round;
pub mod scan;
pub mod strategy;

pub use marks::{plan_marks, MarkConfig, MarkPlan};
pub use round::Round;
pub use scan::{rank, Action, Memcmp};
pub use strategy::{decide, Decision, LiquidationPlan, Market, StrategyConfig};
