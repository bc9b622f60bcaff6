//! The collateral markets liquidators sell into: one constant-product pool per collateral
//! asset (`[[amm]]`), opened at the oracle price, and the arbitrage that pulls it back
//! toward the oracle after a sale or a price move.
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmmSettings {
    /// Which collateral (by name); every collateral without an entry of its own when absent.
    pub asset: Option<String>,
    /// Value of each side at the start (quote units): the base reserve holds this many base
    /// tokens, the collateral reserve as much at the start price.
    pub depth_usd: f64,
    #[serde(default = "default_fee_bps")]
    pub fee_bps: u16,
    /// Share of the gap between the pool's price and the true price that arbitrage closes
    /// each step (1 = all of it, 0 = none).
    #[serde(default = "default_arbitrage")]
    pub arbitrage: f64,
}

fn default_fee_bps() -> u16 {
    30
}
fn default_arbitrage() -> f64 {
    0.25
}
