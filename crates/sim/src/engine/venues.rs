//! The collateral markets: one constant-product pool per collateral slot (`crate::amm`),
//! opened at the start price with the scenario's depth, pulled toward the true price by
//! arbitrage at the start of every step, and sold into by the liquidators. The pools are
//! off-chain state: a sale's proceeds reach the bot's base account as a mint (see
//! `capital`).
use super::{market::to_price, Simulation};
use crate::{amm::ConstantProduct, economics::VenueStats, metrics::ratio_bps, scenario::Scenario};
use lending_pool_sdk::math::value_wad_down;

/// Prices are handled with 8 decimals, like the oracle accounts.
const PRICE_EXPO: i32 = -8;

pub(super) struct Venue {
    pub(super) amm: ConstantProduct,
    arbitrage: f64,
    /// Base units per collateral unit per quote unit of price: `10^base_dec / 10^coll_dec`.
    units_ratio: f64,
    base_decimals: u8,
    pub(super) stats: VenueStats,
}

/// The pools, by slot; none when the scenario has no `[[amm]]`.
pub(super) fn open_venues(s: &Scenario, base_decimals: u8) -> Result<Vec<Venue>, String> {
    let mut out = vec![];
    if s.amm.is_empty() {
        return Ok(out);
    }
    for c in &s.collateral {
        let a = s
            .amm_for(&c.name)
            .ok_or_else(|| format!("amm: no pool for {}", c.name))?;
        let base = a.depth_usd * 10f64.powi(base_decimals as i32);
        let collateral = a.depth_usd / c.price * 10f64.powi(c.decimals as i32);
        // reserves start as token amounts (u64), so a payout is one the mint can make
        if !(1.0..u64::MAX as f64).contains(&base) || !(1.0..u64::MAX as f64).contains(&collateral)
        {
            return Err(format!(
                "amm {}: depth_usd gives reserves out of range",
                c.name
            ));
        }
        out.push(Venue {
            amm: ConstantProduct::new(collateral as u128, base as u128, a.fee_bps),
            arbitrage: a.arbitrage,
            units_ratio: 10f64.powi(base_decimals as i32 - c.decimals as i32),
            base_decimals,
            stats: VenueStats {
                asset: c.name.clone(),
                decimals: c.decimals,
                depth_usd: a.depth_usd,
                fee_bps: a.fee_bps,
                arbitrage: a.arbitrage,
                ..VenueStats::default()
            },
        });
    }
    Ok(out)
}

impl Venue {
    /// The pool's price in quote units per whole token.
    pub(super) fn price(&self) -> f64 {
        self.amm.price() / self.units_ratio
    }

    /// Base units the pool pays for `units` of collateral now (rounded down; a payout past
    /// a u64, which no pool opened from token amounts reaches, is capped).
    pub(super) fn quote_out_down(&self, units: u64) -> u64 {
        u64::try_from(self.amm.quote_out_down(units as u128)).unwrap_or(u64::MAX)
    }

    /// Sells `units` of collateral (worth `true_price` each whole token) into the pool and
    /// books it; returns the base units paid (what `quote_out_down` said) and the units'
    /// value at the true price.
    pub(super) fn sell(&mut self, units: u64, true_price: f64) -> (u64, u128) {
        let proceeds = self.quote_out_down(units);
        self.amm.sell_collateral(units as u128);
        let value = self.value_down(units, true_price);
        let st = &mut self.stats;
        st.sales += 1;
        st.sold_units += units as u128;
        st.sold_value += value;
        st.proceeds += proceeds as u128;
        let discount = discount_bps(self.price(), true_price);
        self.stats.max_discount_bps = self.stats.max_discount_bps.max(discount);
        (proceeds, value)
    }

    /// `units` of collateral at `price` (quote units per whole token), in base units.
    pub(super) fn value_down(&self, units: u64, price: f64) -> u128 {
        value_units_down(units, self.stats.decimals, price, self.base_decimals)
    }
}

/// `units` of an asset with `decimals` at `price` (quote units per whole token, taken at the
/// oracle's 8 decimals), in base units, rounded down; 0 if it overflows.
pub(super) fn value_units_down(units: u64, decimals: u8, price: f64, base_decimals: u8) -> u128 {
    let p = to_price(price) as u64;
    let wad = value_wad_down(units, decimals, p, PRICE_EXPO).unwrap_or(0);
    wad / 10u128.pow(18 - base_decimals as u32)
}

impl Simulation<'_> {
    /// Arbitrage at the start of `step`: each pool closes its share of the gap to the true
    /// price (traders see the market, whatever the oracle shows).
    pub(super) fn arbitrage(&mut self, step: u32) {
        for (slot, v) in self.venues.iter_mut().enumerate() {
            let target = self.paths[slot][step as usize] * v.units_ratio;
            v.amm.pull_toward(target, v.arbitrage);
        }
    }

    /// The pools' records after the last step.
    pub(super) fn venue_stats(&self) -> Vec<VenueStats> {
        let last = self.s.steps as usize;
        let end = |(slot, v): (usize, &Venue)| VenueStats {
            end_price: v.price(),
            end_true_price: self.paths[slot][last],
            ..v.stats.clone()
        };
        self.venues.iter().enumerate().map(end).collect()
    }
}

/// How far `price` is below `true_price`, in bps of it (0 at or above it).
fn discount_bps(price: f64, true_price: f64) -> u64 {
    let gap = (true_price - price).max(0.0);
    ratio_bps((gap * 1e8) as u128, (true_price * 1e8) as u128)
}
