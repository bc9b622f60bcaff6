//! Stressed LP exits (`docs/SPEC.md`, "LP exits cannot outrun a loss in progress"): while
//! the pool has marked losses the insurance fund would not cover, or its breaker is
//! tripped, an LP leaves by request. The request fixes the shares and their value at the
//! exit price; after `exit_delay_secs` the LP is paid `min(value at request, value now)`,
//! so losses recognised during the delay are borne by the requester too, and nothing is
//! earned above the request. In calm, withdrawals and redemptions stay instant.
use super::{Operation, Pool};
use crate::{
    constants::pause,
    errors::LendingError,
    math::to_assets_down,
    state::{ExitRequest, LpFlow},
};
use anchor_lang::prelude::*;

/// A request's terms as `request_exit` fixes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitTerms {
    pub shares: u64,
    pub value_at_request: u64,
    pub matures_ts: i64,
}

/// A completed exit: what was paid for the shares, and what they were worth then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitPayment {
    pub flow: LpFlow,
    pub value_now: u64,
}

impl Pool {
    /// Stressed: marked losses the insurance fund (ledger `fund_ledger`) would not cover,
    /// or the breaker tripped.
    pub fn is_stressed(&self, fund_ledger: u64) -> Result<bool> {
        Ok(self.pause_flags & pause::BREAKER != 0 || self.uncovered_shortfall(fund_ledger)? > 0)
    }

    /// Instant exits are for a calm pool (`PoolStressed` otherwise).
    pub(crate) fn require_calm(&self, fund_ledger: u64) -> Result<()> {
        require!(!self.is_stressed(fund_ledger)?, LendingError::PoolStressed);
        Ok(())
    }

    /// `request_exit`: `shares` (of `shares_held`) at their value at the exit price now,
    /// at least `min_assets`; only while stressed (`PoolCalm`: exit at once instead).
    /// Books nothing: the shares move to the request's escrow.
    pub fn request_exit(
        &self,
        shares: u64,
        lp_supply: u64,
        fund_ledger: u64,
        shares_held: u64,
        min_assets: u64,
        now: i64,
    ) -> Result<ExitTerms> {
        self.require_allowed(Operation::Withdraw)?;
        require!(shares > 0, LendingError::ZeroAmount);
        require!(shares <= shares_held, LendingError::InsufficientShares);
        require!(self.is_stressed(fund_ledger)?, LendingError::PoolCalm);
        let value = to_assets_down(shares, self.exit_lp_assets(fund_ledger)?, lp_supply)?;
        require!(value > 0, LendingError::ZeroAssetsOut);
        require!(value >= min_assets, LendingError::AssetsBelowMinimum);
        Ok(ExitTerms {
            shares,
            value_at_request: value,
            matures_ts: now
                .checked_add(self.config.exit_delay_secs as i64)
                .ok_or(LendingError::MathOverflow)?,
        })
    }

    /// `complete_exit`: once `req` matured, pays `min(value at request, value now)` for
    /// its shares (burnt from the escrow) out of cash the insurance fund has no claim on,
    /// calm or stressed, frozen or not.
    pub fn complete_exit(
        &mut self,
        req: &ExitRequest,
        lp_supply: u64,
        fund_ledger: u64,
        now: i64,
    ) -> Result<ExitPayment> {
        self.require_allowed(Operation::Withdraw)?;
        require!(now >= req.matures_ts, LendingError::ExitNotMatured);
        let value_now = to_assets_down(req.shares, self.exit_lp_assets(fund_ledger)?, lp_supply)?;
        let flow = LpFlow {
            shares: req.shares,
            assets: value_now.min(req.value_at_request),
        };
        let flow = self.pay_out(flow, req.shares)?;
        Ok(ExitPayment { flow, value_now })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{bankrupt, pool};
    use super::*;
    use bytemuck::Zeroable;

    /// 10,000 of cash, 1,000 owed by a bankrupt position, 10,000 shares at par.
    fn stressed() -> (Pool, crate::state::Position) {
        let mut p = pool();
        p.cash = 10_000;
        let mut pos = bankrupt(&mut p, 1_000);
        p.set_mark(&mut pos, 1_000, 0).unwrap();
        (p, pos)
    }

    fn request(t: ExitTerms) -> ExitRequest {
        let mut r = ExitRequest::zeroed();
        (r.shares, r.value_at_request, r.matures_ts) = (t.shares, t.value_at_request, t.matures_ts);
        r
    }

    #[test]
    fn a_calm_pool_exits_at_once_and_a_stressed_one_by_request() {
        let mut p = pool();
        p.cash = 10_000;
        assert!(!p.is_stressed(0).unwrap());
        assert_eq!(
            p.request_exit(1, 10_000, 0, 1, 0, 0).unwrap_err(),
            LendingError::PoolCalm.into()
        );
        p.redeem(1, 10_000, 0, 1, 0).unwrap();
        // a mark the fund covers does not stress the pool; one it does not cover does
        let (mut p, _) = stressed();
        assert!(!p.is_stressed(1_000).unwrap());
        assert!(p.is_stressed(999).unwrap());
        assert_eq!(
            p.redeem(1, 10_000, 0, 1, 0).unwrap_err(),
            LendingError::PoolStressed.into()
        );
        assert_eq!(
            p.withdraw(1, 10_000, 0, 10, u64::MAX).unwrap_err(),
            LendingError::PoolStressed.into()
        );
        // so does a tripped breaker
        let mut calm = pool();
        calm.pause_flags = pause::BREAKER;
        assert!(calm.is_stressed(0).unwrap());
    }

    #[test]
    fn a_request_bears_a_loss_found_during_its_delay_and_earns_nothing_above_its_value() {
        // 10,000 of cash and 10,000 shares; two positions owe 1,000 each, the first marked
        // at its whole debt: exit assets 12,000 − 1,000
        let (mut p, _) = stressed();
        let mut second = bankrupt(&mut p, 1_000);
        p.config.exit_delay_secs = 3_600;
        let t = p.request_exit(5_000, 10_000, 0, 5_000, 5_499, 100).unwrap();
        // 5,000 × 11,001 / 10,001, rounded down
        assert_eq!((t.value_at_request, t.matures_ts), (5_499, 3_700));
        assert_eq!(
            p.request_exit(5_000, 10_000, 0, 5_000, 5_500, 100)
                .unwrap_err(),
            LendingError::AssetsBelowMinimum.into()
        );
        assert_eq!(
            p.request_exit(5_001, 10_000, 0, 5_000, 0, 100).unwrap_err(),
            LendingError::InsufficientShares.into()
        );
        let r = request(t);
        assert_eq!(
            p.complete_exit(&r, 10_000, 0, 3_699).unwrap_err(),
            LendingError::ExitNotMatured.into()
        );
        // the second loss is found during the delay: the requester bears half of it
        let mut worse = p;
        worse.set_mark(&mut second, 1_000, 200).unwrap();
        let paid = worse.complete_exit(&r, 10_000, 0, 3_700).unwrap();
        assert_eq!(paid.value_now, 5_000);
        assert_eq!(
            paid.flow,
            LpFlow {
                shares: 5_000,
                assets: 5_000
            }
        );
        assert_eq!(worse.cash, 5_000);
        // both recover (marks released): paid no more than the value at request
        let (mut better, mut first) = (p, stressed().1);
        better.set_mark(&mut first, 0, 300).unwrap();
        let paid = better.complete_exit(&r, 10_000, 0, 3_700).unwrap();
        assert_eq!(paid.value_now, 5_999);
        assert_eq!(paid.flow.assets, 5_499);
    }

    #[test]
    fn a_runner_requesting_after_a_mark_gets_what_a_stayer_gets_after_the_settlement() {
        use crate::state::InsuranceFund;
        // 10,000 of cash, 2,000 lent to a position now worth nothing; the fund holds 500
        let mut p = pool();
        p.cash = 10_000;
        let mut bad = bankrupt(&mut p, 2_000);
        let mut fund = InsuranceFund::zeroed();
        fund.record_donation(500).unwrap();
        let supply = 12_000;
        p.set_mark(&mut bad, 2_000, 0).unwrap();
        // a runner requests the exit of a quarter of the shares at the exit price
        let t = p.request_exit(3_000, supply, 500, 3_000, 0, 0).unwrap();
        assert_eq!(
            t.value_at_request,
            (12_000 - 1_500 + 1) * 3_000 / (supply + 1)
        );
        // the settlement costs everyone still in, the requester included, the uncovered 1,500
        let s = p.settle_bad_debt(&mut bad, &mut fund, supply, 0).unwrap();
        assert_eq!((s.socialized, p.marked_shortfall), (1_500, 0));
        let paid = p
            .complete_exit(&request(t), supply, fund.balance().unwrap(), t.matures_ts)
            .unwrap();
        let stayer = to_assets_down(3_000, p.lp_assets().unwrap(), supply - 3_000).unwrap();
        assert!(
            stayer.abs_diff(paid.flow.assets) <= 1,
            "{stayer} vs {:?}",
            paid.flow
        );
    }
}
