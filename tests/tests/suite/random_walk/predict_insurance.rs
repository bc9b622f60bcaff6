//! The native prediction of the stakers' transactions and of `mark_shortfall`: the
//! program's own `InsuranceFund` and `Pool` calls on the walk's copy, and the rules every
//! request and payout must keep.
use super::{ops::Op, predict::code, world::Walk};
use anchor_lang::prelude::Pubkey;
use lending_pool::{
    math::{to_assets_down, PriceMode},
    state::{InsuranceFund, InsuranceStake, Operation, Pool, Position},
};

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
                let fair = to_assets_down(shares, v.net(), fund.total_shares).map_err(code)?;
                assert_eq!(
                    worth, fair,
                    "{op:?}: a request is worth its shares' net value"
                );
                after.stake = Some((s, st));
            }
            Op::CancelUnstake { s } => {
                accrue(pool)?;
                let mut st = self.stake(s);
                let v = value(pool, fund)?;
                let c = fund.cancel_unstake(&mut st, v).map_err(code)?;
                // the cooldown earned nothing: what is kept is worth at most the request
                let kept = to_assets_down(c.shares - c.shares_burnt, v.net(), fund.total_shares);
                if c.value_now > c.value_at_request {
                    assert!(
                        kept.unwrap() <= c.value_at_request,
                        "{op:?} kept a gain: {c:?}"
                    );
                } else {
                    assert_eq!(c.shares_burnt, 0, "{op:?} burnt shares after a loss: {c:?}");
                }
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
                let worth = to_assets_down(shares, v.net(), total).unwrap();
                assert_eq!(p.paid, p.value_at_request.min(worth), "{op:?}: {p:?}");
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
