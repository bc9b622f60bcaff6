//! LP flows: deposits mint shares rounded down; withdrawals (exact assets) burn shares
//! rounded up; redemptions (exact shares) pay assets rounded down. Exits are paid from cash
//! the insurance fund has no claim on, and stay open in a frozen pool (pro rata). Each side
//! takes the price that favours the LPs already in: exits are priced at `exit_lp_assets`
//! (`mark.rs`), net of the marked shortfall the insurance fund cannot cover, so an LP who
//! runs from a visible loss gets what one who stays will get; deposits at `lp_assets`. (A
//! deposit at the net price could buy in under a stale mark, release it with a re-mark and
//! redeem at the full price, all in one transaction.)
use super::{Operation, Pool};
use crate::{constants::MAX_BOOKS, errors::LendingError, math::*};
use anchor_lang::prelude::*;

/// Result of an LP flow on the books, for the handler's CPIs and event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LpFlow {
    pub assets: u64,
    pub shares: u64,
}

impl Pool {
    /// Books a deposit of `assets`: shares rounded down at `lp_assets` (marks ignored), deposit
    /// cap, `MAX_BOOKS` (past it accrual would stop: interest stops for everyone) and
    /// slippage checked.
    pub fn deposit(&mut self, assets: u64, lp_supply: u64, min_shares_out: u64) -> Result<LpFlow> {
        self.require_allowed(Operation::Deposit)?;
        require!(assets > 0, LendingError::ZeroAmount);
        let total_debt = self.total_debt()?;
        let lp_assets = self.lp_assets_at(total_debt)?;
        require!(
            lp_assets.saturating_add(assets) <= self.config.deposit_cap,
            LendingError::DepositCapExceeded
        );
        require!(
            self.cash
                .checked_add(assets)
                .and_then(|c| c.checked_add(total_debt))
                .is_some_and(|books| books <= MAX_BOOKS),
            LendingError::BooksLimitExceeded
        );
        // only a share price written down to near zero makes a deposit mint past a u64
        let shares = to_shares_down(assets, lp_assets, lp_supply)
            .ok()
            .filter(|&shares| lp_supply.checked_add(shares).is_some())
            .ok_or(LendingError::LpSupplyOverflow)?;
        require!(shares > 0, LendingError::ZeroSharesMinted);
        require!(shares >= min_shares_out, LendingError::SharesBelowMinimum);
        self.cash = add_u64(self.cash, assets)?;
        Ok(LpFlow { assets, shares })
    }

    /// Books a withdrawal of exactly `assets` base units: shares burnt rounded up.
    pub fn withdraw(
        &mut self,
        assets: u64,
        lp_supply: u64,
        fund_ledger: u64,
        shares_held: u64,
        max_shares_in: u64,
    ) -> Result<LpFlow> {
        self.require_allowed(Operation::Withdraw)?;
        self.require_calm(fund_ledger)?;
        require!(assets > 0, LendingError::ZeroAmount);
        // more shares than fit in a u64 are more than anyone holds
        let shares = to_shares_up(assets, self.exit_lp_assets(fund_ledger)?, lp_supply)
            .map_err(|_| error!(LendingError::InsufficientShares))?;
        require!(shares <= max_shares_in, LendingError::SharesAboveMaximum);
        self.pay_out(LpFlow { assets, shares }, shares_held)
    }

    /// Books a redemption of exactly `shares`: base units paid rounded down.
    pub fn redeem(
        &mut self,
        shares: u64,
        lp_supply: u64,
        fund_ledger: u64,
        shares_held: u64,
        min_assets_out: u64,
    ) -> Result<LpFlow> {
        self.require_allowed(Operation::Withdraw)?;
        self.require_calm(fund_ledger)?;
        require!(shares > 0, LendingError::ZeroAmount);
        let assets = to_assets_down(shares, self.exit_lp_assets(fund_ledger)?, lp_supply)?;
        require!(assets > 0, LendingError::ZeroAssetsOut);
        require!(assets >= min_assets_out, LendingError::AssetsBelowMinimum);
        self.pay_out(LpFlow { assets, shares }, shares_held)
    }

    pub(super) fn pay_out(&mut self, flow: LpFlow, shares_held: u64) -> Result<LpFlow> {
        require!(flow.shares <= shares_held, LendingError::InsufficientShares);
        require!(
            flow.assets <= self.available_cash(),
            LendingError::InsufficientCash
        );
        self.cash = sub_u64(self.cash, flow.assets)?;
        Ok(flow)
    }
}

#[cfg(test)]
mod tests {
    use super::{
        super::{test_support::pool, STATUS_ACTIVE, STATUS_FROZEN},
        *,
    };
    use crate::constants::pause;

    #[test]
    fn withdrawals_are_limited_to_cash_not_claimed_by_insurance() {
        let mut p = pool();
        p.cash = 1_000;
        p.total_scaled_debt.set(9_000);
        p.insurance_pending = 100;
        let supply = 9_900_000; // 1 share ~ 1/1000 unit after a write-down
        let err = p.withdraw(901, supply, 0, u64::MAX, u64::MAX).unwrap_err();
        assert_eq!(err, LendingError::InsufficientCash.into());
        let before = p.cash;
        let flow = p.withdraw(900, supply, 0, u64::MAX, u64::MAX).unwrap();
        assert_eq!((flow.assets, p.cash), (900, before - 900));
    }

    #[test]
    fn a_deposit_may_not_take_the_books_past_max_books() {
        // an 18-decimal base: MAX_BOOKS is about 9.2 whole tokens. Ten would stop accrual
        // (the index pins at its cap) and with it interest for everyone
        let mut p = pool();
        p.config.deposit_cap = u64::MAX;
        p.cash = MAX_BOOKS - 10;
        p.total_scaled_debt.set(5);
        let p0 = p;
        assert_eq!(
            p.deposit(6, 1, 0).unwrap_err(),
            LendingError::BooksLimitExceeded.into()
        );
        assert_eq!(
            p.deposit(u64::MAX, 1, 0).unwrap_err(),
            LendingError::BooksLimitExceeded.into()
        );
        assert_eq!(format!("{p:?}"), format!("{p0:?}"));
        p.deposit(5, MAX_BOOKS, 0).unwrap();
        assert_eq!(p.cash + p.total_debt().unwrap(), MAX_BOOKS);
    }

    #[test]
    fn failed_operations_leave_the_books_alone() {
        let mut p = pool();
        p.cash = 5_000;
        let snapshot = p;
        assert!(p.deposit(0, 5_000_000, 0).is_err());
        assert!(p.deposit(10, 5_000_000, u64::MAX).is_err());
        assert!(p.redeem(10, 5_000_000, 0, 9, 0).is_err());
        p.pause_flags = pause::WITHDRAW;
        assert!(p.withdraw(10, 5_000_000, 0, u64::MAX, u64::MAX).is_err());
        p.pause_flags = 0;
        p.status = STATUS_FROZEN;
        assert_eq!(
            p.deposit(10, 5_000_000, 0).unwrap_err(),
            LendingError::PoolFrozen.into()
        );
        // frozen pools still pay out pro rata
        p.redeem(1_000_000, 5_000_000, 0, 1_000_000, 0).unwrap();
        p.status = STATUS_ACTIVE;
        p.cash = snapshot.cash;
        assert_eq!(format!("{p:?}"), format!("{snapshot:?}"));
    }

    #[test]
    fn a_near_zero_share_price_refuses_deposits_that_would_overflow_the_supply() {
        // one unit of equity behind 10^11 shares (a pool wiped out through liquidations):
        // a deposit mints 5 × 10^10 shares per unit, so 369 USDC pass a u64
        let mut p = pool();
        p.cash = 1;
        let supply = 100_000_000_000;
        let p0 = p;
        assert_eq!(
            p.deposit(369_000_000, supply, 0).unwrap_err(),
            LendingError::LpSupplyOverflow.into()
        );
        assert_eq!(format!("{p:?}"), format!("{p0:?}"));
        // a smaller deposit mints at that price, exactly
        let flow = p.deposit(1_000, supply, 0).unwrap();
        assert_eq!(flow.shares, 1_000 * (supply + 1) / 2);
        // recapitalized, the price is usable again
        let mut q = p0;
        q.pause_flags = pause::DEPOSIT;
        q.recapitalize(100_000_000_000, supply, supply).unwrap();
        q.pause_flags = 0;
        q.deposit(369_000_000, supply, 0).unwrap();
    }

    #[test]
    fn a_deposit_cannot_buy_in_under_a_stale_mark() {
        use super::super::test_support::bankrupt;
        // a mark of 2,000 nothing covers: exits are priced at 10,000 of 12,000
        let mut p = pool();
        p.cash = 10_000;
        let mut pos = bankrupt(&mut p, 2_000);
        p.set_mark(&mut pos, 2_000, 0).unwrap();
        let supply = 12_000;
        // a deposit buys at the full books, so releasing the (stale) mark and leaving at once
        // pays back no more than went in
        let flow = p.deposit(12_000, supply, 0).unwrap();
        assert_eq!(flow.shares, 12_000 * (supply + 1) / (12_000 + 1));
        p.set_mark(&mut pos, 0, 1).unwrap();
        let out = p
            .redeem(flow.shares, supply + flow.shares, 0, flow.shares, 0)
            .unwrap();
        assert!(out.assets <= 12_000, "{}", out.assets);
    }
}
