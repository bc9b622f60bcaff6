//! The pool's users in a scenario: the LPs, the borrowers and the liquidator bot.
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LpSettings {
    pub count: u32,
    /// Median deposit (whole base tokens) and the log-normal spread around it.
    pub median_deposit: f64,
    #[serde(default = "default_sigma")]
    pub sigma: f64,
    /// Per LP and step: chance of redeeming part of their shares.
    #[serde(default)]
    pub redeem_prob: f64,
    /// Share of the LPs (the first ones created) who run: they redeem everything when they
    /// see a loss coming (a position underwater at true prices, a marked shortfall, or a
    /// collateral price `run_on_drop` below its start).
    #[serde(default)]
    pub runner_share: f64,
    #[serde(default = "default_run_on_drop")]
    pub run_on_drop: f64,
}

fn default_run_on_drop() -> f64 {
    1.0
}

fn default_sigma() -> f64 {
    0.75
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BorrowerSettings {
    pub count: u32,
    /// Median collateral value (quote units) and the log-normal spread around it.
    pub median_collateral_value: f64,
    #[serde(default = "default_sigma")]
    pub sigma: f64,
    /// Leverage: the first borrow is a uniform fraction in this range of the borrow limit.
    pub leverage_min: f64,
    pub leverage_max: f64,
    /// Share of borrowers who defend their position: below `defend_health` they repay part.
    #[serde(default)]
    pub defender_share: f64,
    #[serde(default = "default_defend_health")]
    pub defend_health: f64,
    /// Per borrower and step: chance of borrowing more (towards their leverage) or repaying.
    #[serde(default)]
    pub activity_prob: f64,
    /// Collateral assets per borrower, uniform in `[assets_min, assets_max]`: the collateral
    /// value is split at random over that many distinct assets.
    #[serde(default = "default_assets")]
    pub assets_min: usize,
    #[serde(default = "default_assets")]
    pub assets_max: usize,
    /// Share of borrowers who also deposit one unit (the smallest) of an asset they do not
    /// otherwise hold.
    #[serde(default)]
    pub dust_share: f64,
}

fn default_defend_health() -> f64 {
    1.05
}
fn default_assets() -> usize {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiquidatorSettings {
    /// Steps between first seeing a liquidatable position and acting on it.
    #[serde(default)]
    pub latency_steps: u32,
    /// Liquidation or settlement transactions per step.
    #[serde(default = "default_capacity")]
    pub capacity_per_step: u32,
    /// Base tokens (whole) the bot holds for repayments; one liquidation repays at most this.
    #[serde(default = "default_inventory")]
    pub inventory: f64,
    /// Skip liquidations earning less than this (quote units).
    #[serde(default)]
    pub min_profit: f64,
    /// Steps `[start, end)` during which the bot is down.
    #[serde(default)]
    pub outages: Vec<[u32; 2]>,
    /// Sweep pending insurance into the fund every this many steps (0 = never).
    #[serde(default = "default_sweep_every")]
    pub sweep_every_steps: u32,
}

fn default_capacity() -> u32 {
    20
}
fn default_inventory() -> f64 {
    10_000_000.0
}
fn default_sweep_every() -> u32 {
    12
}

impl Default for LiquidatorSettings {
    fn default() -> Self {
        Self {
            latency_steps: 0,
            capacity_per_step: default_capacity(),
            inventory: default_inventory(),
            min_profit: 0.0,
            outages: vec![],
            sweep_every_steps: default_sweep_every(),
        }
    }
}
