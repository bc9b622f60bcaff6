//! Liquidator economics as a run records them: what each bot did, paid and earned, and
//! what the sales did to each collateral's AMM. Amounts are base units (the base asset is
//! priced at 1), values at the oracle's integer prices.
use crate::{metrics::ratio_bps, scenario::Capital};

/// One liquidator bot over the run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BotStats {
    pub name: String,
    pub capital: Capital,
    pub latency_steps: u32,
    pub capacity_per_step: u32,
    pub inventory_start: u64,
    pub liquidations: u64,
    pub settlements: u64,
    pub repaid: u128,
    /// Liquidation fees it paid into the insurance fund.
    pub fees: u128,
    pub flash_fees: u128,
    /// Value of the collateral it seized, at the prices the program paid it at.
    pub seized_value: u128,
    /// Value of the collateral it sold (true prices at the sale), and what the AMM paid.
    pub sold_value: u128,
    pub proceeds: u128,
    /// Value of the collateral it still holds after the last step (true prices then).
    pub held_value: u128,
    /// Position-steps it had work for but let go: the repayment was beyond its capital
    /// (inventory, or the flash loan cap), the AMM's quote did not pay for it, over its
    /// capacity, or it was down.
    pub missed_capital: u64,
    pub missed_unprofitable: u64,
    pub missed_capacity: u64,
    pub missed_outage: u64,
    pub failures: u64,
}

impl BotStats {
    /// What it earned: proceeds and the collateral it still holds, less the repayments and
    /// every fee it paid (base units; negative: a loss).
    pub fn profit(&self) -> i128 {
        let gained = self.proceeds + self.held_value;
        let paid = self.repaid + self.fees + self.flash_fees;
        gained as i128 - paid as i128
    }
}

/// One collateral's AMM over the run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VenueStats {
    pub asset: String,
    pub decimals: u8,
    pub depth_usd: f64,
    pub fee_bps: u16,
    pub arbitrage: f64,
    pub sales: u64,
    /// Collateral units sold into it by liquidators.
    pub sold_units: u128,
    /// Their value at the true price at each sale, and the base units the pool paid.
    pub sold_value: u128,
    pub proceeds: u128,
    /// The deepest discount of the pool's price to the true price right after a sale (bps).
    pub max_discount_bps: u64,
    /// The pool's price and the true price after the last step (quote units per token).
    pub end_price: f64,
    pub end_true_price: f64,
}

impl VenueStats {
    /// What selling cost against the true price: price impact and fee, in bps of the value.
    pub fn execution_discount_bps(&self) -> u64 {
        ratio_bps(
            self.sold_value.saturating_sub(self.proceeds),
            self.sold_value,
        )
    }
}

/// The run's liquidator economics: the bots in the scenario's order, the AMMs by slot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Economics {
    pub bots: Vec<BotStats>,
    pub venues: Vec<VenueStats>,
    pub flash_fee_bps: u32,
}
