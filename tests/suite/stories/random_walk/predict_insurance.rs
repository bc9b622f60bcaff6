//! The native prediction of the stakers' transactions and of `mark_shortfall`: the
//! program's own `InsuranceFund` and `Pool` calls on the walk's copy, and the rules every
//! request and payout must keep.
use super::{ops::Op, predict::code, world::Walk};
use anchor_lang::prelude::Pubkey;
use lending_pool::{
    math::PriceMode,
    state::{InsuranceFund, InsuranceStake, Operation, Pool, Position},
};
use lending_pool_tests::invariants::{check_cancel, check_payout, check_request};

/// What a staker's transaction or a mark leaves besides the pool and fund.
pub(super) struct InsuranceAfter {
    pub(super) stake: Option<(usize, InsuranceStake)>,
    pub(super) position: Option<(usize, Position)>,
    pub(super) moves: Vec<(Pubkey, i128)>,
}

impl Walk {
    pub(super) fn predict_insurance(
        &self,
        op: Op,
        pool: &mut Pool,
        fund: &mut InsuranceFund,
    ) -> Result<InsuranceAfter, u32> {
        let now = self.now;
        let a = self.fx.addrs;
        let accrue = |pool: &mut Pool| {
            pool.lapse_guardian_pauses(now);
            pool.accrue_interest(now).map(drop).map_err(code)
        };
        let value = |pool: &Pool, fund: &InsuranceFund| {
            pool.insurance_value(fund.balance().map_err(code)?)
                .map_err(code)
        };
        let mut after = InsuranceAfter {
            stake: None,
            position: None,
            moves: vec![],
        };
        match op {
            Op::Stake { s, amount } => {
                pool.require_allowed(Operation::Stake).map_err(code)?;
                accrue(pool)?;
                let mut st = self.stake(s);
                let v = value(pool, fund)?;
                fund.stake(&mut st, amount, v, 0).map_err(code)?;
                let from = self.stakers[s].base;
                self.pays(&from, amount)?;
                after.stake = Some((s, st));
                after.moves = vec![
                    (from, -(amount as i128)),
                    (a.insurance_vault, amount as i128),
                ];
            }
            Op::RequestUnstake { s, shares } => {
                accrue(pool)?;
                pool.require_allowed(Operation::Unstake).map_err(code)?;
                let mut st = self.stake(s);
                let v = value(pool, fund)?;
                let cooldown = pool.config.unstake_cooldown_secs;
                let worth = fund
                    .request_unstake(&mut st, shares, v, now, cooldown, 0)
                    .map_err(code)?;
                check_request(worth, shares, v, fund.total_shares);
                after.stake = Some((s, st));
            }
            Op::CancelUnstake { s } => {
                accrue(pool)?;
                let mut st = self.stake(s);
                let v = value(pool, fund)?;
                let c = fund.cancel_unstake(&mut st, v).map_err(code)?;
                // the cooldown earned nothing: what is kept is worth at most the request
                check_cancel(&c, v, fund.total_shares);
                after.stake = Some((s, st));
            }
            Op::Unstake { s } => {
                accrue(pool)?;
                pool.require_allowed(Operation::Unstake).map_err(code)?;
                let swept = pool.sweep_insurance().map_err(code)?;
                fund.record_interest(swept).map_err(code)?;
                let mut st = self.stake(s);
                let v = value(pool, fund)?;
                let (shares, total) = (st.cooldown_shares, fund.total_shares);
                let window = pool.config.unstake_window_secs;
                let p = fund.unstake(&mut st, v, now, window).map_err(code)?;
                // at most the request's value and at most the shares' value now, which is net
                // of every marked loss the fund would cover
                check_payout(&p, shares, v, total);
                let to = self.stakers[s].base;
                after.stake = Some((s, st));
                after.moves = vec![
                    (a.base_vault, -(swept as i128)),
                    (a.insurance_vault, swept as i128 - p.paid as i128),
                    (to, p.paid as i128),
                ];
            }
            Op::Mark { b, .. } => {
                accrue(pool)?;
                let mut pos = self.position(b);
                let prices = self.market(pool, &pos, PriceMode::Spot);
                // `mark_shortfall`'s operation: refused without a shortfall or a mark, and
                // where older prices would lower the mark
                pool.mark(&mut pos, &prices, now).map_err(code)?;
                after.position = Some((b, pos));
            }
            _ => unreachable!("{op:?} is not an insurance operation"),
        }
        Ok(after)
    }
}
