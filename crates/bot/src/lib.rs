//! The reference liquidator bot (binary `liquidator`): every interval it lists each watched
//! pool's positions over RPC, decides with `lending-pool-strategy` (pure), acts, and marks
//! what it could not clear. Its round (`round`) and what a round reports (`report`), how
//! outcomes are classified (`outcome`), the priority fee (`fees`), capital-free
//! liquidations with a flash loan and a sale in one transaction (`flash`), selling what it
//! holds (`sell`), and the operator's side:
//! settings from a TOML file, the environment and flags (`settings`), Prometheus metrics
//! (`metrics`) and the process loop (`service`), served and stopped by the stack it shares
//! with the indexer (`lending-pool-service`: probes, logs, graceful shutdown).
pub mod fees;
mod flash;
pub mod metrics;
pub mod outcome;
pub mod push;
mod report;
pub mod round;
mod sell;
pub mod service;
pub mod settings;

pub use round::{round, ActionKind, BotConfig, BotState, RoundReport, SwapperRef};
