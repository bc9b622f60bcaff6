//! A constant-product pool (x·y = k) with a fee on the input: the market a liquidator sells
//! seized collateral into. Reserves and swaps are integers (token units, like the amounts
//! minted and burned on-chain from them) and every division rounds in the pool's favour, so
//! `k` never falls; only the arbitrageur's choice of trade size is a float (a decision, not
//! an amount).
use lending_pool_sdk::{
    constants::BPS,
    math::{mul_div_down, mul_div_up},
};

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

    /// What `collateral_in` would fetch at the marginal price, after the fee and without
    /// price impact, rounded up: a bound no sale of it reaches.
    pub fn marginal_out_up(&self, collateral_in: u128) -> u128 {
        let keep = BPS as u128 - (self.fee_bps as u128).min(BPS as u128);
        let net = mul_div_up(collateral_in, keep, BPS as u128).unwrap_or(u128::MAX);
        mul_div_up(self.base, net, self.collateral.max(1)).unwrap_or(u128::MAX)
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
    /// `rate` of the gap, paying the fee, and does nothing while the gap is within the fee
    /// (such a trade would lose it the fee). Returns the input it sold, as (collateral in,
    /// base in).
    pub fn pull_toward(&mut self, target: f64, rate: f64) -> (u128, u128) {
        let p = self.price();
        let fee = self.fee_bps as f64 / BPS as f64;
        if !(target > 0.0 && p > 0.0) || (target - p).abs() <= fee * target {
            return (0, 0);
        }
        let goal = p + rate.clamp(0.0, 1.0) * (target - p);
        let (x, y) = (self.collateral as f64, self.base as f64);
        if goal > p {
            // buying collateral with g base: the price becomes (y + g)(y + g(1−f)) / (x·y)
            let base_in = input_for(y, goal * x * y, fee) as u128;
            self.buy_collateral(base_in);
            (0, base_in)
        } else {
            // selling g collateral: the price becomes x·y / ((x + g)(x + g(1−f)))
            let collateral_in = input_for(x, x * y / goal, fee) as u128;
            self.sell_collateral(collateral_in);
            (collateral_in, 0)
        }
    }
}

/// The input `g ≥ 0` with `(r + g)(r + g(1 − fee)) = t`: the whole input joins the reserve
/// it enters, the part past the fee trades. The quadratic's root in a form without
/// cancellation; 0 when `t ≤ r²` (no trade in that direction).
fn input_for(r: f64, t: f64, fee: f64) -> f64 {
    let excess = t - r * r;
    if excess <= 0.0 {
        return 0.0;
    }
    let b = r * (2.0 - fee);
    2.0 * excess / (b + (b * b + 4.0 * (1.0 - fee) * excess).sqrt())
}

#[cfg(test)]
mod tests;
