//! The reference liquidator's decisions (what to liquidate or settle, and which shortfalls
//! to mark: `marks`), as pure functions of account data and prices (no
//! network): the `liquidator` bot and the stress simulator both plan and run their rounds
//! through this crate (`RoundPlan`).
//!
//! A decision is taken by running the program's own book-keeping (`Pool::accrue_interest`,
//! `Pool::liquidate`, which also books the fee and settles what a liquidation leaves) on copies of the accounts, so a plan the library returns is one the
//! program accepts at the same prices, and its quoted collateral is exactly what the
//! program pays.
//!
//! ```
//! use lending_pool_strategy::StrategyConfig;
//!
//! // the defaults: no cap on a repayment, any profit, 0.5% slippage on the collateral out
//! let cfg = StrategyConfig::default();
//! assert_eq!((cfg.max_repay, cfg.min_profit_wad, cfg.slippage_bps), (u64::MAX, 0, 50));
//! ```
pub mod marks;
pub mod plan;
pub mod scan;
pub mod strategy;

pub use marks::{plan_marks, MarkConfig, MarkPlan};
pub use plan::{FlashTerms, Funding, RoundPlan};
pub use scan::{rank, Action};
pub use strategy::{decide, Decision, LiquidationPlan, Market, StrategyConfig};
