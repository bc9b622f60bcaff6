//! The service stack of the project's long-running processes (the `liquidator` bot and the
//! indexer), so both are operated the same way:
//! - [`logs`]: one subscriber, text or JSON lines, filtered by the process's own setting;
//! - [`metrics`]: Prometheus/OpenMetrics text from a registry;
//! - [`health`]: liveness (a heartbeat) and readiness, as the process reports them;
//! - [`http`]: `/metrics`, `/healthz` and `/readyz` as an axum router the indexer mounts
//!   beside its API, or served on a thread of its own for a synchronous process (the bot);
//! - [`shutdown`]: SIGTERM and SIGINT as a flag (a loop checks it between rounds) or as a
//!   future (an async server stops on it).
pub mod health;
pub mod http;
pub mod logs;
pub mod metrics;
pub mod shutdown;

pub use health::Health;
pub use metrics::MetricsSource;
