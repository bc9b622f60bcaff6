//! The market in a scenario: the collateral assets and how their prices move (random
//! paths, CSV replays, deterministic shocks, their correlation), and the oracle feeds'
//! outages.
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollateralSettings {
    pub name: String,
    #[serde(default = "default_collateral_decimals")]
    pub decimals: u8,
    /// Starting price (quote units per whole token).
    pub price: f64,
    pub ltv_bps: u16,
    pub liquidation_threshold_bps: u16,
    pub liquidation_bonus_bps: u16,
    pub path: PricePath,
}

fn default_collateral_decimals() -> u8 {
    9
}

/// How a collateral's price moves.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case", deny_unknown_fields)]
pub enum PricePath {
    /// Geometric Brownian motion with Poisson jumps (log-normal jump sizes).
    Gbm {
        /// Annualised drift and volatility.
        #[serde(default)]
        drift: f64,
        volatility: f64,
        /// Expected jumps per day.
        #[serde(default)]
        jumps_per_day: f64,
        /// Mean and standard deviation of a jump's log return.
        #[serde(default)]
        jump_mean: f64,
        #[serde(default)]
        jump_stdev: f64,
    },
    /// Replays a CSV of prices, one per step (`step,price` or a single `price` column;
    /// a header line is skipped). Holds the last price if the file is shorter.
    Csv { file: PathBuf },
}

/// A deterministic move layered on the random path: the log return `ln(1 + total_return)`
/// spread evenly over `duration_steps` from `start_step`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shock {
    /// Which collateral (by name); all of them when absent.
    pub asset: Option<String>,
    pub start_step: u32,
    pub duration_steps: u32,
    pub total_return: f64,
}

/// `[market]`: how the collateral assets move together.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketSettings {
    /// Correlation of the assets' per-step diffusion shocks, one row and column per
    /// `[[collateral]]` in file order (absent: independent). Every path must then be GBM.
    pub correlation: Option<Vec<Vec<f64>>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleSettings {
    /// Steps during which a feed publishes nothing (prices go stale on-chain).
    #[serde(default)]
    pub outages: Vec<OracleOutage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleOutage {
    /// Collateral name; all collateral feeds when absent.
    pub asset: Option<String>,
    pub start_step: u32,
    pub end_step: u32,
}
