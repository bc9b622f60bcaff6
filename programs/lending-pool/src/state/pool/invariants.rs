//! The accounting invariants (`docs/SPEC.md`, "Invariants"), checked by every handler after
//! its token transfers against the vaults' actual balances, and by the off-chain harness
//! against the bank's.
use super::Pool;
use crate::errors::LendingError;
use anchor_lang::prelude::*;

impl Pool {
    /// The base vault holds at least `cash` (less a flash loan out within the transaction:
    /// the books count it as owed), the insurance vault at least its ledger balance
    /// (more only through direct transfers, which nobody can withdraw except through the
    /// ledger's own paths). `vault ≥ books`, not equality: anyone can transfer into a vault.
    pub fn check_invariants(
        &self,
        base_vault_amount: u64,
        insurance_ledger_balance: u64,
        insurance_vault_amount: u64,
    ) -> Result<()> {
        self.check_cash(base_vault_amount)?;
        require!(
            insurance_vault_amount >= insurance_ledger_balance,
            LendingError::InsuranceInvariantViolated
        );
        Ok(())
    }

    /// The base vault's half of `check_invariants` (what a flash loan changes).
    pub fn check_cash(&self, base_vault_amount: u64) -> Result<()> {
        require!(
            base_vault_amount as u128 + self.flash_outstanding as u128 >= self.cash as u128,
            LendingError::CashInvariantViolated
        );
        Ok(())
    }

    /// A collateral vault holds at least what the positions own of `slot`.
    pub fn check_collateral_vault(&self, slot: usize, vault_amount: u64) -> Result<()> {
        require!(
            vault_amount as u128
                >= self.collateral(slot)?.total_deposited as u128
                    + self.collaterals[slot].forfeited as u128,
            LendingError::CollateralInvariantViolated
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{super::test_support::pool, *};

    #[test]
    fn invariants() {
        let mut p = pool();
        p.cash = 100;
        p.check_invariants(100, 5, 5).unwrap();
        p.check_invariants(150, 5, 9).unwrap();
        assert_eq!(
            p.check_invariants(99, 0, 0).unwrap_err(),
            LendingError::CashInvariantViolated.into()
        );
        assert_eq!(
            p.check_invariants(100, 6, 5).unwrap_err(),
            LendingError::InsuranceInvariantViolated.into()
        );
    }
}
