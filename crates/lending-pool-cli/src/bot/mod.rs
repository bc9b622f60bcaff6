//! The reference liquidator bot: its round (`round`), how outcomes are classified
//! (`outcome`), the priority fee (`fees`), and the operator's side: settings from a TOML
//! file, the environment and flags (`settings`), Prometheus metrics (`metrics`), health
//! endpoints (`http`) and the process loop with graceful shutdown (`service`).
pub mod fees;
pub mod http;
pub mod metrics;
pub mod outcome;
pub mod round;
pub mod service;
pub mod settings;

pub use round::{round, ActionKind, BotConfig, BotState, RoundReport};
