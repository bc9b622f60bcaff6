use super::{PoolConfig, WrappedU128};
use crate::{
    constants::{pause, WAD},
    errors::LendingError,
    math::*,
};
use anchor_lang::prelude::*;

/// Pool status: `Frozen` after an insolvency (only pro-rata withdrawals remain).
pub const STATUS_ACTIVE: u8 = 0;
pub const STATUS_FROZEN: u8 = 1;

/// One lending pool: one base asset, its LP share mint, its books. PDA
/// `[POOL_SEED, base_mint, creator]`. The pool PDA is the authority of the base vault, the LP
/// mint and the insurance vault.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Pool {
    pub admin: Pubkey,
    /// Set by `transfer_admin`, becomes `admin` on `accept_admin`; default = none.
    pub pending_admin: Pubkey,
    pub guardian: Pubkey,
    pub creator: Pubkey,
    pub base_mint: Pubkey,
    pub base_vault: Pubkey,
    pub lp_mint: Pubkey,
    pub insurance_fund: Pubkey,
    pub insurance_vault: Pubkey,

    pub config: PoolConfig,

    /// Base tokens the books say are in the base vault (never the vault's own balance).
    pub cash: u64,
    /// Insurance fund's share of accrued interest, still held in `cash`.
    pub insurance_pending: u64,
    /// Sum of positions' scaled debt (principal / borrow_index, WAD).
    pub total_scaled_debt: WrappedU128,
    /// Cumulative borrow index, WAD-scaled, starts at 1.0.
    pub borrow_index: WrappedU128,
    pub last_accrual_ts: i64,

    /// Loss ledger: cumulative bad debt paid by insurance / written off LPs, and the number
    /// of settlements so far.
    pub total_insurance_paid: u64,
    pub total_socialized: u64,
    pub settlement_seq: u64,
    /// Circuit breaker: start of the current window and the losses socialized within it.
    pub breaker_window_start: i64,
    pub breaker_window_socialized: u64,

    pub pause_flags: u16,
    pub status: u8,
    pub base_decimals: u8,
    pub bump: u8,
    pub base_vault_bump: u8,
    pub lp_mint_bump: u8,
    pub insurance_vault_bump: u8,

    /// Room for collateral assets and oracle settings without a migration.
    pub reserved: [u8; 1024],
}

const _: () = assert!(core::mem::size_of::<Pool>() == 1464);
const _: () = assert!(core::mem::align_of::<Pool>() == 8);

/// Result of a deposit on the books, for the handler's CPIs and event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LpFlow {
    pub assets: u64,
    pub shares: u64,
}

impl Pool {
    pub const SPACE: usize = 8 + core::mem::size_of::<Pool>();

    pub fn total_debt(&self) -> Result<u64> {
        to_u64(mul_div_up(
            self.total_scaled_debt.get(),
            self.borrow_index.get(),
            WAD,
        )?)
    }

    /// `cash + total_debt - insurance_pending`: what LP shares are worth in total.
    pub fn lp_assets(&self) -> Result<u64> {
        sub_u64(add_u64(self.cash, self.total_debt()?)?, self.insurance_pending)
    }

    pub fn require_not_paused(&self, flag: u16) -> Result<()> {
        require!(self.pause_flags & flag == 0, LendingError::OperationPaused);
        Ok(())
    }

    pub fn require_active(&self) -> Result<()> {
        require!(self.status == STATUS_ACTIVE, LendingError::PoolFrozen);
        Ok(())
    }

    /// Books a deposit of `assets`: shares rounded down, deposit cap and slippage checked.
    pub fn deposit(&mut self, assets: u64, lp_supply: u64, min_shares_out: u64) -> Result<LpFlow> {
        require!(assets > 0, LendingError::ZeroAmount);
        self.require_active()?;
        self.require_not_paused(pause::DEPOSIT)?;
        let lp_assets = self.lp_assets()?;
        require!(
            add_u64(lp_assets, assets)? <= self.config.deposit_cap,
            LendingError::DepositCapExceeded
        );
        let shares = to_shares_down(assets, lp_assets, lp_supply)?;
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
        shares_held: u64,
        max_shares_in: u64,
    ) -> Result<LpFlow> {
        require!(assets > 0, LendingError::ZeroAmount);
        self.require_not_paused(pause::WITHDRAW)?;
        let shares = to_shares_up(assets, self.lp_assets()?, lp_supply)?;
        require!(shares <= max_shares_in, LendingError::SharesAboveMaximum);
        self.pay_out(LpFlow { assets, shares }, shares_held)
    }

    /// Books a redemption of exactly `shares`: base units paid rounded down.
    pub fn redeem(
        &mut self,
        shares: u64,
        lp_supply: u64,
        shares_held: u64,
        min_assets_out: u64,
    ) -> Result<LpFlow> {
        require!(shares > 0, LendingError::ZeroAmount);
        self.require_not_paused(pause::WITHDRAW)?;
        let assets = to_assets_down(shares, self.lp_assets()?, lp_supply)?;
        require!(assets > 0, LendingError::ZeroAssetsOut);
        require!(assets >= min_assets_out, LendingError::AssetsBelowMinimum);
        self.pay_out(LpFlow { assets, shares }, shares_held)
    }

    fn pay_out(&mut self, flow: LpFlow, shares_held: u64) -> Result<LpFlow> {
        require!(flow.shares <= shares_held, LendingError::InsufficientShares);
        // insurance_pending is a claim on cash too: LPs may not withdraw it
        let available = self.cash.saturating_sub(self.insurance_pending);
        require!(flow.assets <= available, LendingError::InsufficientCash);
        self.cash = sub_u64(self.cash, flow.assets)?;
        Ok(flow)
    }

    /// Share price in base units per LP unit (WAD), for events and views.
    pub fn share_price_wad(&self, lp_supply: u64) -> Result<u128> {
        share_price_wad_down(self.lp_assets()?, lp_supply)
    }

    /// SPEC invariant: the base vault holds at least `cash`, the insurance vault at least its
    /// ledger balance (more only through direct transfers, which nobody can withdraw except via
    /// the ledger's own paths).
    pub fn check_invariants(
        &self,
        base_vault_amount: u64,
        insurance_ledger_balance: u64,
        insurance_vault_amount: u64,
    ) -> Result<()> {
        require!(
            base_vault_amount >= self.cash,
            LendingError::CashInvariantViolated
        );
        require!(
            insurance_vault_amount >= insurance_ledger_balance,
            LendingError::InsuranceInvariantViolated
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{constants::WAD, state::PoolConfig};
    use bytemuck::Zeroable;

    fn pool() -> Pool {
        let mut p = Pool::zeroed();
        p.config = PoolConfig::example();
        p.borrow_index.set(WAD);
        p
    }

    #[test]
    fn lp_assets_counts_debt_and_excludes_pending_insurance() {
        let mut p = pool();
        p.cash = 1_000;
        p.total_scaled_debt.set(500);
        p.borrow_index.set(WAD + WAD / 10); // 500 scaled at 1.1 = 550
        p.insurance_pending = 20;
        assert_eq!(p.total_debt().unwrap(), 550);
        assert_eq!(p.lp_assets().unwrap(), 1_000 + 550 - 20);
        // debt rounds up: 3 scaled units at an index a hair above 1.0 owe 4
        p.total_scaled_debt.set(3);
        p.borrow_index.set(WAD + 1);
        assert_eq!(p.total_debt().unwrap(), 4);
    }

    #[test]
    fn withdrawals_are_limited_to_cash_not_claimed_by_insurance() {
        let mut p = pool();
        p.cash = 1_000;
        p.total_scaled_debt.set(9_000);
        p.insurance_pending = 100;
        let supply = 9_900_000; // 1 share ~ 1/1000 unit
        let err = p.withdraw(901, supply, u64::MAX, u64::MAX).unwrap_err();
        assert_eq!(err, LendingError::InsufficientCash.into());
        let before = p.cash;
        let flow = p.withdraw(900, supply, u64::MAX, u64::MAX).unwrap();
        assert_eq!((flow.assets, p.cash), (900, before - 900));
    }

    #[test]
    fn failed_operations_leave_the_books_alone() {
        let mut p = pool();
        p.cash = 5_000;
        let snapshot = p;
        assert!(p.deposit(0, 5_000_000, 0).is_err());
        assert!(p.deposit(10, 5_000_000, u64::MAX).is_err());
        assert!(p.redeem(10, 5_000_000, 9, 0).is_err());
        p.pause_flags = pause::WITHDRAW;
        assert!(p.withdraw(10, 5_000_000, u64::MAX, u64::MAX).is_err());
        p.pause_flags = 0;
        p.status = STATUS_FROZEN;
        assert_eq!(p.deposit(10, 5_000_000, 0).unwrap_err(), LendingError::PoolFrozen.into());
        // frozen pools still pay out pro rata
        p.redeem(1_000_000, 5_000_000, 1_000_000, 0).unwrap();
        p.status = STATUS_ACTIVE;
        p.cash = snapshot.cash;
        assert_eq!(format!("{p:?}"), format!("{snapshot:?}"));
    }

    #[test]
    fn invariants() {
        let mut p = pool();
        p.cash = 100;
        p.check_invariants(100, 5, 5).unwrap();
        p.check_invariants(150, 5, 9).unwrap();
        assert_eq!(p.check_invariants(99, 0, 0).unwrap_err(), LendingError::CashInvariantViolated.into());
        assert_eq!(p.check_invariants(100, 6, 5).unwrap_err(), LendingError::InsuranceInvariantViolated.into());
    }
}
