//! The insurance stakers' operations and `mark_shortfall`, applied as their instructions
//! would: the program's own `InsuranceFund` and `Pool` calls, with the staker wallets and
//! the insurance vault around them, and the rules on every request and payout.
use super::{ops::Op, world::World};
use lending_pool::{math::to_assets_down, state::window_end, state::Operation};
use lending_pool_tests::invariants::{check_cancel, check_payout, check_request};

/// A failed call must leave the pool, positions, fund and stakes alone.
macro_rules! guarded {
    ($w:ident, $op:ident, $call:expr) => {{
        let before = ($w.pool, $w.positions, $w.fund, $w.stakes);
        let r = $call;
        if r.is_err() {
            let same = bytemuck::bytes_of(&$w.pool) == bytemuck::bytes_of(&before.0)
                && bytemuck::bytes_of(&$w.positions) == bytemuck::bytes_of(&before.1)
                && bytemuck::bytes_of(&$w.fund) == bytemuck::bytes_of(&before.2)
                && bytemuck::bytes_of(&$w.stakes) == bytemuck::bytes_of(&before.3);
            assert!(same, "failed {:?} wrote an account", $op);
        }
        r.map_err(|e| e.to_string())?
    }};
}

impl World {
    /// Stake, request, cancel, unstake and mark; `Err`: the transaction fails.
    pub(super) fn apply_insurance(&mut self, op: &Op) -> Result<(), String> {
        match *op {
            Op::Stake { s, amount } => {
                guarded!(self, op, self.pool.require_allowed(Operation::Stake));
                self.accrue();
                if self.staker_base[s] < amount {
                    return Err("insufficient funds".into());
                }
                let value = self.fund_value();
                let f = guarded!(
                    self,
                    op,
                    self.fund.stake(&mut self.stakes[s], amount, value, 0)
                );
                // the stake's shares are worth at most what it paid
                let (net, total) = (self.fund_value().net(), self.fund.total_shares);
                let worth = to_assets_down(f.shares, net, total).unwrap();
                assert!(worth <= amount, "{op:?} bought {worth} for {amount}: {f:?}");
                self.staker_base[s] -= amount;
                self.insurance_vault += amount;
            }
            Op::RequestUnstake { s, bps } => {
                self.accrue();
                guarded!(self, op, self.pool.require_allowed(Operation::Unstake));
                let mut st = self.stakes[s];
                self.fund.sync_stake(&mut st);
                let shares = (st.shares as u128 * bps as u128 / 10_000).max(1) as u64;
                let value = self.fund_value();
                let (now, cooldown) = (self.now, self.pool.config.unstake_cooldown_secs);
                let worth = guarded!(
                    self,
                    op,
                    self.fund
                        .request_unstake(&mut self.stakes[s], shares, value, now, cooldown, 0)
                );
                check_request(worth, shares, value, self.fund.total_shares);
            }
            Op::CancelUnstake { s } => {
                self.accrue();
                let value = self.fund_value();
                let c = guarded!(
                    self,
                    op,
                    self.fund.cancel_unstake(&mut self.stakes[s], value)
                );
                // the cooldown earned nothing: the request's shares kept are worth at most
                // its value then (all are kept after a loss)
                check_cancel(&c, value, self.fund.total_shares);
            }
            Op::Unstake { s } => {
                self.accrue();
                guarded!(self, op, self.pool.require_allowed(Operation::Unstake));
                let amount = guarded!(self, op, self.pool.sweep_insurance());
                guarded!(self, op, self.fund.record_interest(amount));
                self.base_vault -= amount;
                self.insurance_vault += amount;
                let value = self.fund_value();
                let (shares, total) = (self.stakes[s].cooldown_shares, self.fund.total_shares);
                let window = self.pool.config.unstake_window_secs;
                let end = self.stakes[s].cooldown_end_ts;
                let p = guarded!(
                    self,
                    op,
                    self.fund
                        .unstake(&mut self.stakes[s], value, self.now, window)
                );
                // never after the request's window
                assert!(
                    self.now <= window_end(end, window),
                    "{op:?} paid a lapsed request"
                );
                // a payout is at most the request's value and at most the shares' value now,
                // which is net of every marked loss the fund would cover
                check_payout(&p, shares, value, total);
                self.insurance_vault -= p.paid;
                self.staker_base[s] += p.paid;
            }
            Op::Mark { b } => {
                self.accrue();
                let prices = self.prices();
                let pos = self.positions[b];
                let shortfall = guarded!(self, op, self.pool.shortfall_at(&pos, &prices));
                // `mark_shortfall`'s own operation (the model's prices are always fresh,
                // so every re-mark is accepted)
                guarded!(
                    self,
                    op,
                    self.pool.mark(&mut self.positions[b], &prices, self.now)
                );
                assert_eq!(self.positions[b].marked_shortfall, shortfall, "{op:?}");
            }
            _ => unreachable!("{op:?} is not an insurance operation"),
        }
        Ok(())
    }

    /// A marked position re-marked at the prices an instruction read.
    pub(super) fn remark(&mut self, b: usize) -> Result<(), String> {
        let prices = self.prices();
        self.pool
            .remark_if_marked(&mut self.positions[b], &prices, self.now)
            .map(drop)
            .map_err(|e| e.to_string())
    }
}
