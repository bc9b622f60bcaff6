//! Insolvency and recovery (`docs/SPEC.md`, "Insolvency: a floor, and recoveries only for
//! the holders of the loss"): a settlement that leaves the LP share price below the freeze
//! floor freezes the pool; anyone may then add base tokens to the LPs' books
//! (`recapitalize`, recorded in the loss ledger as recovered), but only while nobody can buy
//! shares (frozen, or deposits paused), so the recovery reaches the LPs who bore the loss;
//! once the price is back at the floor the guardian or admin may reopen the pool.
use super::{Pool, STATUS_ACTIVE, STATUS_FROZEN};
use crate::{
    constants::{pause, BPS, MAX_BOOKS, VIRTUAL_ASSETS, VIRTUAL_SHARES},
    errors::LendingError,
    math::add_u64,
};
use anchor_lang::prelude::*;

/// What `recapitalize` did to the LPs' books (for the event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recapitalization {
    pub amount: u64,
    pub lp_assets_before: u64,
    pub lp_assets_after: u64,
    pub share_price_before_wad: u128,
    pub share_price_after_wad: u128,
    pub total_recovered: u64,
}

impl Pool {
    /// Whether the LP share price `(lp_assets + 1) / (lp_supply + 1)` is below
    /// `freeze_floor_bps` of par (one base unit per LP unit), compared exactly.
    pub fn share_price_below_floor(&self, lp_assets: u64, lp_supply: u64) -> bool {
        (lp_assets as u128 + VIRTUAL_ASSETS) * (BPS as u128)
            < self.config.freeze_floor_bps as u128 * (lp_supply as u128 + VIRTUAL_SHARES)
    }

    /// Books `amount` base tokens given to the current LP holders: `cash` and `lp_assets`
    /// rise by exactly `amount`, the share price with them; `total_recovered` records it.
    /// Only while the pool is frozen or deposits are paused (an open pool would sell the
    /// recovery to whoever deposits just before it), with LP shares (a gift to nobody would
    /// go to the next depositor), at most `max_lp_supply` of them (the donor's bound against
    /// dilution before it lands) and books within `MAX_BOOKS`. No pause flag stops it.
    pub fn recapitalize(
        &mut self,
        amount: u64,
        lp_supply: u64,
        max_lp_supply: u64,
    ) -> Result<Recapitalization> {
        require!(amount > 0, LendingError::ZeroAmount);
        require!(
            self.status == STATUS_FROZEN || self.pause_flags & pause::DEPOSIT != 0,
            LendingError::RecapitalizeWhileOpen
        );
        require!(lp_supply > 0, LendingError::NoLpShares);
        require!(
            lp_supply <= max_lp_supply,
            LendingError::LpSupplyAboveMaximum
        );
        let lp_assets_before = self.lp_assets()?;
        let share_price_before_wad = self.share_price_wad(lp_supply)?;
        let cash = add_u64(self.cash, amount)?;
        require!(
            add_u64(cash, self.total_debt()?)? <= MAX_BOOKS,
            LendingError::BooksLimitExceeded
        );
        self.cash = cash;
        self.total_recovered = add_u64(self.total_recovered, amount)?;
        let lp_assets_after = self.lp_assets()?;
        require!(
            lp_assets_after == add_u64(lp_assets_before, amount)?,
            LendingError::MathOverflow
        );
        Ok(Recapitalization {
            amount,
            lp_assets_before,
            lp_assets_after,
            share_price_before_wad,
            share_price_after_wad: self.share_price_wad(lp_supply)?,
            total_recovered: self.total_recovered,
        })
    }

    /// Reopens a frozen pool whose share price is back at the freeze floor, or that has no
    /// LP shares left to protect (holders may burn worthless shares; with none left nobody
    /// could recapitalize it, and the next depositor starts at the initial price); returns
    /// `lp_assets`. (Reopening at a price near zero would let the next depositor buy nearly
    /// every share, and with them any later recovery.)
    pub fn unfreeze(&mut self, lp_supply: u64) -> Result<u64> {
        require!(self.status == STATUS_FROZEN, LendingError::PoolNotFrozen);
        let lp_assets = self.lp_assets()?;
        require!(
            lp_supply == 0 || !self.share_price_below_floor(lp_assets, lp_supply),
            LendingError::SharePriceBelowFloor
        );
        self.status = STATUS_ACTIVE;
        Ok(lp_assets)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{
        test_support::{bankrupt, pool},
        Operation,
    };
    use super::*;
    use crate::state::InsuranceFund;
    use bytemuck::Zeroable;

    /// A pool whose only borrower defaulted on everything LPs had: frozen, no equity.
    fn wiped_out() -> Pool {
        let mut p = pool();
        let mut pos = bankrupt(&mut p, 10_000);
        let s = p
            .settle_bad_debt(&mut pos, &mut InsuranceFund::zeroed(), 10_000, 0)
            .unwrap();
        assert!(s.frozen && s.lp_assets_after == 0);
        p
    }

    #[test]
    fn recapitalize_then_unfreeze_reopens_the_pool() {
        let mut p = wiped_out();
        assert_eq!(
            p.unfreeze(10_000).unwrap_err(),
            LendingError::SharePriceBelowFloor.into()
        );
        assert_eq!(
            p.require_allowed(Operation::Deposit).unwrap_err(),
            LendingError::PoolFrozen.into()
        );
        // one unit is not enough: the price must be back at the floor (1% of par)
        let mut q = p;
        q.recapitalize(1, 10_000, 10_000).unwrap();
        assert_eq!(
            q.unfreeze(10_000).unwrap_err(),
            LendingError::SharePriceBelowFloor.into()
        );
        // the donor's bound on the supply
        assert_eq!(
            q.recapitalize(1, 10_000, 9_999).unwrap_err(),
            LendingError::LpSupplyAboveMaximum.into()
        );
        let r = p.recapitalize(2_500, 10_000, 10_000).unwrap();
        assert_eq!((r.lp_assets_before, r.lp_assets_after), (0, 2_500));
        assert_eq!((p.cash, p.total_recovered), (2_500, 2_500));
        assert!(r.share_price_after_wad > r.share_price_before_wad);
        // still frozen until the guardian or admin reopens it
        assert_eq!(p.status, STATUS_FROZEN);
        assert_eq!(p.unfreeze(10_000).unwrap(), 2_500);
        assert_eq!(p.status, STATUS_ACTIVE);
        p.require_allowed(Operation::Deposit).unwrap();
        assert_eq!(
            p.unfreeze(10_000).unwrap_err(),
            LendingError::PoolNotFrozen.into()
        );
    }

    #[test]
    fn a_frozen_pool_whose_shares_were_all_burnt_reopens() {
        // nobody is left to recapitalize for (NoLpShares), so the guardian may reopen it
        let mut p = wiped_out();
        assert_eq!(
            p.recapitalize(1, 0, 0).unwrap_err(),
            LendingError::NoLpShares.into()
        );
        assert_eq!(p.unfreeze(0).unwrap(), 0);
        assert_eq!(p.status, STATUS_ACTIVE);
    }

    #[test]
    fn bad_recapitalizations_change_nothing() {
        let mut p = wiped_out();
        let p0 = p;
        assert_eq!(
            p.recapitalize(0, 10_000, u64::MAX).unwrap_err(),
            LendingError::ZeroAmount.into()
        );
        assert_eq!(
            p.recapitalize(1, 0, u64::MAX).unwrap_err(),
            LendingError::NoLpShares.into()
        );
        assert_eq!(
            p.recapitalize(1, 10_000, 9_999).unwrap_err(),
            LendingError::LpSupplyAboveMaximum.into()
        );
        assert_eq!(
            p.recapitalize(MAX_BOOKS + 1, 1, u64::MAX).unwrap_err(),
            LendingError::BooksLimitExceeded.into()
        );
        assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
        // an open pool refuses it: the next depositor would buy the recovery
        let mut q = pool();
        q.cash = 100;
        assert_eq!(
            q.recapitalize(50, 100, 100).unwrap_err(),
            LendingError::RecapitalizeWhileOpen.into()
        );
        // with deposits paused nobody can buy in: a gift to the LPs there are
        q.pause_flags = pause::DEPOSIT;
        q.recapitalize(50, 100, 100).unwrap();
        assert_eq!((q.lp_assets().unwrap(), q.total_recovered), (150, 50));
    }

    #[test]
    fn the_floor_is_compared_exactly() {
        let p = pool(); // floor 100 bps: a price below (1 + 1) / (199 + 1) = 1%
        assert!(!p.share_price_below_floor(1, 199));
        assert!(p.share_price_below_floor(1, 200));
        assert!(!p.share_price_below_floor(99, 9_999));
        assert!(p.share_price_below_floor(98, 9_999));
    }
}
