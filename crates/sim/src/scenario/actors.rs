//! The pool's users in a scenario: the LPs and the borrowers (the liquidators are in
//! `liquidators`).
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
