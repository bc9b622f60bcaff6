//! A constant-product pool (x·y = k) with a fee on the input: the market a liquidator sells
//! seized collateral into. Reserves and swaps are integers (token units, like the amounts
//! minted and burned on-chain from them) and every division rounds in the pool's favour, so
//! `k` never falls; only the arbitrageur's choice of trade size is a float (a decision, not
//! an amount).
use lending_pool_sdk::{constants::BPS, math::mul_div_down};

/// One pool's reserves (collateral units, base units) and its fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConstantProduct {
    pub collateral: u128,
    pub base: u128,
    pub fee_bps: u16,
}

/// What `amount_in` buys from a pool holding `reserve_in` and `reserve_out`: the input less
/// the fee (rounded down), then `reserve_out · in / (reserve_in + in)` (rounded down). Always
/// below `reserve_out` when `reserve_in > 0`.
pub fn swap_out_down(reserve_in: u128, reserve_out: u128, amount_in: u128, fee_bps: u16) -> u128 {
    let keep = BPS as u128 - (fee_bps as u128).min(BPS as u128);
    let Ok(net) = mul_div_down(amount_in, keep, BPS as u128) else {
        return 0;
    };
    let Some(after) = reserve_in.checked_add(net).filter(|&a| a > 0) else {
        return 0;
    };
    mul_div_down(reserve_out, net, after).unwrap_or(0)
}

impl ConstantProduct {
    /// A pool holding `collateral` and `base` units.
    pub fn new(collateral: u128, base: u128, fee_bps: u16) -> Self {
        Self {
            collateral,
            base,
            fee_bps,
        }
    }

    /// Base units `collateral_in` would fetch now, after price impact and the fee.
    pub fn quote_out_down(&self, collateral_in: u128) -> u128 {
        swap_out_down(self.collateral, self.base, collateral_in, self.fee_bps)
    }

    /// Base units that `collateral_in` fetches on top of `already` sold first: the marginal
    /// proceeds of one more sale in a batch (a bot that sells at the end of its turn).
    pub fn quote_after_down(&self, already: u128, collateral_in: u128) -> u128 {
        let both = self.quote_out_down(already.saturating_add(collateral_in));
        both.saturating_sub(self.quote_out_down(already))
    }

    /// Sells `collateral_in` into the pool: the whole input (fee included) stays in it.
    /// Returns the base units paid out.
    pub fn sell_collateral(&mut self, collateral_in: u128) -> u128 {
        let out = self.quote_out_down(collateral_in);
        self.collateral = self.collateral.saturating_add(collateral_in);
        self.base -= out;
        out
    }

    /// Buys collateral with `base_in`. Returns the collateral units paid out.
    pub fn buy_collateral(&mut self, base_in: u128) -> u128 {
        let out = swap_out_down(self.base, self.collateral, base_in, self.fee_bps);
        self.base = self.base.saturating_add(base_in);
        self.collateral -= out;
        out
    }

    /// The marginal price, base units per collateral unit (for decisions and the report).
    pub fn price(&self) -> f64 {
        self.base as f64 / self.collateral as f64
    }

    /// The arbitrageur's trade toward `target` (base units per collateral unit): it closes
    /// `rate` of the gap, grossed up for the fee it pays, and does nothing while the gap is
    /// within the fee (such a trade would lose it the fee). Returns the input it sold, as
    /// (collateral in, base in).
    pub fn pull_toward(&mut self, target: f64, rate: f64) -> (u128, u128) {
        let p = self.price();
        let fee = self.fee_bps as f64 / BPS as f64;
        if !(target > 0.0 && p > 0.0) || (target - p).abs() <= fee * target {
            return (0, 0);
        }
        let goal = p + rate.clamp(0.0, 1.0) * (target - p);
        let k = self.collateral as f64 * self.base as f64;
        // the reserves at `goal` with k unchanged; the fee's share of the input stays behind
        if goal > p {
            let net = (k * goal).sqrt() - self.base as f64;
            let base_in = (net / (1.0 - fee)).max(0.0) as u128;
            self.buy_collateral(base_in);
            (0, base_in)
        } else {
            let net = (k / goal).sqrt() - self.collateral as f64;
            let collateral_in = (net / (1.0 - fee)).max(0.0) as u128;
            self.sell_collateral(collateral_in);
            (collateral_in, 0)
        }
    }
}

#[cfg(test)]
mod tests;
