//! Collateral in and out of a position: the owner deposits and withdraws (the handler checks
//! the borrow limit after a withdrawal), a liquidation seizes. `total_deposited` per slot is
//! what the slot's vault must hold at least.
use super::{Operation, Pool};
use crate::{
    errors::LendingError,
    math::{add_u64, sub_u64},
    state::{CollateralParams, Position},
};
use anchor_lang::prelude::*;

impl Pool {
    /// Books `amount` of collateral `slot` into `pos`, within the asset's cap.
    pub fn deposit_collateral(
        &mut self,
        pos: &mut Position,
        slot: usize,
        amount: u64,
    ) -> Result<()> {
        self.require_allowed(Operation::DepositCollateral)?;
        require!(amount > 0, LendingError::ZeroAmount);
        // a delisted asset (LTV 0) is on its way out: no new exposure to it, which also
        // keeps it retirable once its feed stops
        require!(
            self.collateral(slot)?.ltv_bps > 0,
            LendingError::CollateralDelisted
        );
        let asset = &mut self.collaterals[slot];
        let total = add_u64(asset.total_deposited, amount)?;
        require!(
            total <= asset.deposit_cap,
            LendingError::CollateralCapExceeded
        );
        asset.total_deposited = total;
        pos.collateral[slot] = add_u64(pos.collateral[slot], amount)?;
        Ok(())
    }

    /// Books `amount` of collateral `slot` out of `pos`. The caller checks health.
    pub fn withdraw_collateral(
        &mut self,
        pos: &mut Position,
        slot: usize,
        amount: u64,
    ) -> Result<()> {
        self.require_allowed(Operation::WithdrawCollateral {
            with_debt: pos.scaled_debt.get() > 0,
        })?;
        require!(amount > 0, LendingError::ZeroAmount);
        self.collateral(slot)?;
        self.take_collateral(pos, slot, amount)
    }

    /// Replaces the risk parameters of collateral `slot` (admin: a feed migration, new
    /// limits, or LTV 0 to delist it); the mint, vault and holdings stay; a retired slot is
    /// final (`CollateralRetired`). Returns the
    /// parameters it replaced.
    pub fn update_collateral(
        &mut self,
        slot: usize,
        params: CollateralParams,
    ) -> Result<CollateralParams> {
        let asset = self.collateral(slot)?;
        require!(!asset.is_retired(), LendingError::CollateralRetired);
        let before = asset.params();
        params.validate_update(self.config.liquidation_fee_bps)?;
        self.collaterals[slot].set_params(params);
        Ok(before)
    }

    /// Takes `amount` of collateral `slot` out of `pos` for a liquidation (the liquidation's
    /// gate covers it).
    pub(crate) fn seize_collateral(
        &mut self,
        pos: &mut Position,
        slot: usize,
        amount: u64,
    ) -> Result<()> {
        self.take_collateral(pos, slot, amount)
    }

    fn take_collateral(&mut self, pos: &mut Position, slot: usize, amount: u64) -> Result<()> {
        require!(
            pos.collateral[slot] >= amount,
            LendingError::InsufficientCollateral
        );
        pos.collateral[slot] -= amount;
        let asset = &mut self.collaterals[slot];
        asset.total_deposited = sub_u64(asset.total_deposited, amount)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::one_slot;
    use super::*;

    #[test]
    fn a_delisted_asset_takes_no_deposits_and_still_lets_its_holders_out() {
        let (mut p, mut pos) = one_slot(9, 10, 0);
        p.collaterals[0].ltv_bps = 0;
        let (p0, pos0) = (p, pos);
        assert_eq!(
            p.deposit_collateral(&mut pos, 0, 1).unwrap_err(),
            LendingError::CollateralDelisted.into()
        );
        assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
        assert_eq!(bytemuck::bytes_of(&pos), bytemuck::bytes_of(&pos0));
        p.withdraw_collateral(&mut pos, 0, 10).unwrap();
        assert_eq!(
            (pos.collateral[0], p.collaterals[0].total_deposited),
            (0, 0)
        );
    }
}
