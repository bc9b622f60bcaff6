//! The pool's settings in a scenario: its base asset, its seed insurance and its config.
use lending_pool_sdk::PoolConfigOverrides;
use serde::Deserialize;

/// The pool: its base asset's decimals, its seed insurance, and `[pool.config]`, overrides
/// of its `PoolConfig` in the same form as the CLI's config files (the rest is
/// `PoolConfig::example()` without caps, see `engine::pool_config`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolSettings {
    pub base_decimals: Option<u8>,
    #[serde(default)]
    pub config: PoolConfigOverrides,
    /// Initial insurance fund (whole base tokens, donated by the admin).
    #[serde(default)]
    pub insurance: f64,
}
