//! The loss waterfall (`docs/SPEC.md`, "Bad debt"): a bankrupt position's debt leaves the
//! books; the insurance fund's pending claim is cancelled first, then the insurance vault
//! pays, then the rest is written off the LPs. Records the loss ledger, freezes a pool whose
//! LPs have no equity left and feeds the circuit breaker.
use super::{Operation, Pool, STATUS_FROZEN};
use crate::{
    constants::MAX_COLLATERALS,
    errors::LendingError,
    math::{add_u64, share_price_wad_down, sub_u64},
    state::{InsuranceFund, Position},
};
use anchor_lang::prelude::*;

/// One run of the loss waterfall (see `Pool::settle_bad_debt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, AnchorSerialize, AnchorDeserialize)]
pub struct Settlement {
    pub seq: u64,
    /// What the position owed (rounded up).
    pub position_debt: u64,
    /// `D`: what left the pool's `total_debt`.
    pub debt: u64,
    pub from_pending: u64,
    pub from_insurance_vault: u64,
    pub socialized: u64,
    pub insurance_pending_before: u64,
    pub insurance_pending_after: u64,
    pub insurance_vault_balance_before: u64,
    pub insurance_vault_balance_after: u64,
    pub lp_assets_before: u64,
    pub lp_assets_after: u64,
    pub lp_supply: u64,
    pub share_price_before_wad: u128,
    pub share_price_after_wad: u128,
    /// The pool is frozen after this settlement.
    pub frozen: bool,
    pub breaker_tripped: bool,
    /// The position's mark released by the settlement, and the pool's marks after it.
    pub mark_released: u64,
    pub marked_shortfall_after: u64,
    /// The fund's insurance shares after the settlement (unchanged unless it emptied the
    /// fund, which starts a new share epoch with none).
    pub insurance_total_shares: u64,
    pub insurance_share_epoch: u64,
    /// The position's holdings of retired slots, forfeited (they stay in the vaults).
    pub forfeited_collateral: [u64; MAX_COLLATERALS],
}

impl Pool {
    /// Settles a bankrupt position (debt, no collateral but retired slots', which it
    /// forfeits) through the waterfall: `total_debt`
    /// drops by exactly `D`; pending insurance claims are cancelled first, then up to the
    /// fund's ledger balance comes from the insurance vault into cash (recorded in `fund`;
    /// the caller moves `from_insurance_vault` tokens), and the rest (`socialized`) comes
    /// off `lp_assets`. Freezes the pool when the write-down leaves the LP share price below
    /// the freeze floor (with LP shares), and trips the circuit breaker when the rolling
    /// window's losses exceed its threshold.
    /// Atomic: on any error nothing is written. `settle_bad_debt`, `liquidate` (when it
    /// takes the last collateral) and the `preview_settle` view all come here. Never inlined:
    /// its copies of the accounts need their own SBF stack frame.
    #[inline(never)]
    pub fn settle_bad_debt(
        &mut self,
        pos: &mut Position,
        fund: &mut InsuranceFund,
        lp_supply: u64,
        now: i64,
    ) -> Result<Settlement> {
        self.require_allowed(Operation::Settle)?;
        require!(!self.holds_value(pos), LendingError::PositionHasCollateral);
        require!(pos.scaled_debt.get() > 0, LendingError::NoDebt);
        let (mut pool, mut p, mut f) = (*self, *pos, *fund);
        let forfeited = pool.forfeit_retired(&mut p)?;
        let mut s = pool.waterfall(&mut p, f.balance()?, lp_supply, now)?;
        s.forfeited_collateral = forfeited;
        f.record_coverage(s.from_insurance_vault)?;
        f.reset_shares_if_dust(pool.insurance_pending)?;
        (s.insurance_total_shares, s.insurance_share_epoch) = (f.total_shares, f.share_epoch);
        (*self, *pos, *fund) = (pool, p, f);
        Ok(s)
    }

    fn waterfall(
        &mut self,
        pos: &mut Position,
        insurance_ledger_balance: u64,
        lp_supply: u64,
        now: i64,
    ) -> Result<Settlement> {
        let position_debt = pos.debt(self.borrow_index.get())?;
        // the books are computed once before and once after (each `total_debt` is a
        // 256-bit product)
        let total_debt_before = self.total_debt()?;
        let lp_assets_before = self.lp_assets_at(total_debt_before)?;
        let share_price_before_wad = share_price_wad_down(lp_assets_before, lp_supply)?;
        let pending_before = self.insurance_pending;

        // the loss is now settled, no longer only marked
        let mark_released = self.release_mark(pos, position_debt, now)?;
        let scaled = pos.scaled_debt.get();
        self.remove_scaled_debt(pos, scaled)?;
        let total_debt_after = self.total_debt()?;
        // D is what the pool's books lose: the position's rounded-up debt, or one unit less
        // when rounding the aggregate had already left that unit out of total_debt
        let debt = sub_u64(total_debt_before, total_debt_after)?;

        let from_pending = debt.min(self.insurance_pending);
        self.insurance_pending -= from_pending;
        let from_insurance_vault = (debt - from_pending).min(insurance_ledger_balance);
        self.cash = add_u64(self.cash, from_insurance_vault)?;
        let covered = from_pending + from_insurance_vault;
        let socialized = debt - covered;

        let lp_assets_after = self.lp_assets_at(total_debt_after)?;
        require!(
            lp_assets_after == lp_assets_before.saturating_sub(socialized),
            LendingError::MathOverflow
        );
        self.total_insurance_paid = add_u64(self.total_insurance_paid, covered)?;
        self.total_socialized = add_u64(self.total_socialized, socialized)?;
        self.settlement_seq += 1;

        // insolvent: the write-down left the LP share price below the freeze floor (or no
        // equity) while LP shares exist. A smaller write-down only lowers the share price
        if socialized > 0
            && lp_supply > 0
            && (lp_assets_after == 0 || self.share_price_below_floor(lp_assets_after, lp_supply))
        {
            self.status = STATUS_FROZEN;
        }
        let frozen = self.status == STATUS_FROZEN;
        let breaker_tripped = self.record_loss_for_breaker(socialized, lp_assets_before, now)?;
        Ok(Settlement {
            seq: self.settlement_seq,
            position_debt,
            debt,
            from_pending,
            from_insurance_vault,
            socialized,
            insurance_pending_before: pending_before,
            insurance_pending_after: self.insurance_pending,
            insurance_vault_balance_before: insurance_ledger_balance,
            insurance_vault_balance_after: insurance_ledger_balance - from_insurance_vault,
            lp_assets_before,
            lp_assets_after,
            lp_supply,
            share_price_before_wad,
            share_price_after_wad: share_price_wad_down(lp_assets_after, lp_supply)?,
            frozen,
            breaker_tripped,
            mark_released,
            marked_shortfall_after: self.marked_shortfall,
            insurance_total_shares: 0,
            insurance_share_epoch: 0,
            forfeited_collateral: [0; MAX_COLLATERALS],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{
        super::test_support::{bankrupt, pool},
        *,
    };
    use crate::constants::{pause, WAD};
    use bytemuck::Zeroable;

    fn fund_with(balance: u64) -> InsuranceFund {
        let mut f = InsuranceFund::zeroed();
        f.record_donation(balance).unwrap();
        f
    }

    #[test]
    fn waterfall_order_pending_then_vault_then_lps() {
        let mut p = pool();
        p.cash = 10_000;
        p.insurance_pending = 30;
        let mut pos = bankrupt(&mut p, 500);
        let mut fund = fund_with(100);
        let s = p.settle_bad_debt(&mut pos, &mut fund, 10_000, 0).unwrap();
        assert_eq!(
            (s.debt, s.from_pending, s.from_insurance_vault, s.socialized),
            (500, 30, 100, 370)
        );
        assert_eq!(
            (s.lp_assets_before, s.lp_assets_after),
            (10_500 - 30, 10_500 - 30 - 370)
        );
        assert_eq!(
            (p.cash, p.insurance_pending, p.total_debt().unwrap()),
            (10_100, 0, 0)
        );
        assert_eq!(
            (p.total_insurance_paid, p.total_socialized, p.settlement_seq),
            (130, 370, 1)
        );
        assert_eq!((fund.total_covered_out, fund.balance().unwrap()), (100, 0));
        assert_eq!(pos.scaled_debt.get(), 0);
        assert!(!s.frozen);
        let mut empty = fund_with(0);
        assert_eq!(
            p.settle_bad_debt(&mut pos, &mut empty, 1, 0).unwrap_err(),
            LendingError::NoDebt.into()
        );
        let mut with_collateral = bankrupt(&mut p, 5);
        p.num_collaterals = 3;
        with_collateral.collateral[2] = 1;
        assert_eq!(
            p.settle_bad_debt(&mut with_collateral, &mut empty, 1, 0)
                .unwrap_err(),
            LendingError::PositionHasCollateral.into()
        );
    }

    #[test]
    fn a_write_down_below_the_freeze_floor_freezes() {
        // the wipe-out through liquidations: 10,000 of LP assets written down to 96, the last
        // repayment kept as equity (0.97% of par, below the 1% floor): frozen
        for (left, frozen) in [(96, true), (99, true), (100, false), (101, false)] {
            let mut p = pool();
            p.cash = left;
            let mut pos = bankrupt(&mut p, 10_000 - left);
            let s = p
                .settle_bad_debt(&mut pos, &mut fund_with(0), 10_000, 0)
                .unwrap();
            assert_eq!((s.lp_assets_after, s.frozen), (left, frozen), "{left}");
        }
    }

    #[test]
    fn only_a_write_down_below_the_floor_freezes() {
        // 10,000 of LP assets: 5,000 in cash, 5,000 lent out. A 50% write-off only lowers the
        // price (the old rule froze here: the loss was at least everything else LPs owned)
        let mut p = pool();
        p.cash = 5_000;
        let mut half = bankrupt(&mut p, 5_000);
        let s = p
            .settle_bad_debt(&mut half, &mut fund_with(0), 10_000, 0)
            .unwrap();
        assert_eq!(
            (s.socialized, s.lp_assets_after, s.frozen),
            (5_000, 5_000, false)
        );
        // twenty 4% write-offs of what is left never freeze, however much they add up to
        let mut p = pool();
        p.cash = 0;
        let positions: Vec<_> = (0..25).map(|_| bankrupt(&mut p, 400)).collect();
        for (i, mut pos) in positions.into_iter().enumerate() {
            let s = p
                .settle_bad_debt(&mut pos, &mut fund_with(0), 10_000, 0)
                .unwrap();
            // the last one takes the LPs' equity to zero: only that one freezes
            assert_eq!(s.frozen, i == 24, "settlement {i}");
            assert_eq!(s.lp_assets_after, 10_000 - 400 * (i as u64 + 1));
        }
        assert_eq!(p.status, STATUS_FROZEN);
        // without LP shares nobody is left to protect: no freeze
        let mut p = pool();
        let mut pos = bankrupt(&mut p, 400);
        let s = p
            .settle_bad_debt(&mut pos, &mut fund_with(0), 0, 0)
            .unwrap();
        assert!(!s.frozen);
    }

    #[test]
    fn a_paused_settlement_writes_nothing() {
        let mut p = pool();
        p.cash = 10_000;
        let mut pos = bankrupt(&mut p, 500);
        let mut fund = fund_with(100);
        p.pause_flags = pause::SETTLE;
        let (p0, pos0, fund0) = (p, pos, fund);
        assert_eq!(
            p.settle_bad_debt(&mut pos, &mut fund, 10_000_000, 0)
                .unwrap_err(),
            LendingError::OperationPaused.into()
        );
        assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
        assert_eq!(bytemuck::bytes_of(&pos), bytemuck::bytes_of(&pos0));
        assert_eq!(bytemuck::bytes_of(&fund), bytemuck::bytes_of(&fund0));
    }

    proptest::proptest! {
        #[test]
        fn waterfall_is_exact(
            cash in 0u64..1_000_000_000, other_debt in 0u64..1_000_000_000, bad in 1u64..1_000_000_000,
            pending in 0u64..1_000_000, ledger in 0u64..1_000_000_000, index_bump in 0u128..WAD,
        ) {
            let mut p = pool();
            p.borrow_index.set(WAD + index_bump);
            p.cash = cash + pending;
            p.insurance_pending = pending;
            let _ = bankrupt(&mut p, other_debt);
            let mut pos = bankrupt(&mut p, bad);
            let mut fund = fund_with(ledger);
            let total_before = p.total_debt().unwrap();
            let lp_before = p.lp_assets().unwrap();
            let s = p.settle_bad_debt(&mut pos, &mut fund, 1_000_000, 0).unwrap();
            proptest::prop_assert_eq!(total_before - p.total_debt().unwrap(), s.debt);
            proptest::prop_assert!(s.debt == s.position_debt || s.debt + 1 == s.position_debt);
            proptest::prop_assert_eq!(s.debt, s.from_pending + s.from_insurance_vault + s.socialized);
            proptest::prop_assert_eq!(p.lp_assets().unwrap(), lp_before - s.socialized);
            proptest::prop_assert_eq!(fund.balance().unwrap(), ledger - s.from_insurance_vault);
            // insurance is used up before LPs lose anything
            if s.socialized > 0 {
                proptest::prop_assert_eq!((s.from_pending, s.from_insurance_vault), (pending, ledger));
            }
            proptest::prop_assert_eq!(s.frozen, p.status == STATUS_FROZEN);
        }
    }
}
