//! Borrowing and repaying: a position's debt is scaled debt × borrow index; every rounding
//! of the scaled amount favours the pool (borrow rounds the new scaled debt up, a partial
//! repayment rounds the scaled debt removed down).
use super::{Operation, Pool};
use crate::{constants::WAD, errors::LendingError, math::*, state::Position};
use anchor_lang::prelude::*;

/// A change of one position's debt, with the pool's cash and total debt around it (each
/// `total_debt` is a 256-bit product: computed once here, reused by events and checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DebtChange {
    pub amount: u64,
    pub scaled: u128,
    pub position_debt_before: u64,
    pub position_debt_after: u64,
    pub cash_before: u64,
    pub cash_after: u64,
    pub total_debt_before: u64,
    pub total_debt_after: u64,
}

impl Pool {
    /// Books a borrow of `amount` against `pos` (scaled debt rounded up). The caller checks
    /// the position's health afterwards.
    pub fn borrow(&mut self, pos: &mut Position, amount: u64) -> Result<DebtChange> {
        self.require_allowed(Operation::Borrow)?;
        require!(amount > 0, LendingError::ZeroAmount);
        require!(
            amount <= self.available_cash(),
            LendingError::InsufficientCash
        );
        let total_debt_before = self.total_debt()?;
        require!(
            add_u64(total_debt_before, amount)? <= self.config.borrow_cap,
            LendingError::BorrowCapExceeded
        );
        let cash_before = self.cash;
        let index = self.borrow_index.get();
        let before = pos.debt(index)?;
        let scaled = mul_div_up(amount as u128, WAD, index)?;
        let position_scaled = pos
            .scaled_debt
            .get()
            .checked_add(scaled)
            .ok_or(LendingError::MathOverflow)?;
        // the position's debt after it (the `Position::debt` product, computed once)
        let after = to_u64(mul_wad_up(position_scaled, index)?)?;
        require!(
            after >= self.config.min_debt,
            LendingError::DebtBelowMinimum
        );
        pos.scaled_debt.set(position_scaled);
        self.total_scaled_debt.set(
            self.total_scaled_debt
                .get()
                .checked_add(scaled)
                .ok_or(LendingError::MathOverflow)?,
        );
        self.cash = sub_u64(self.cash, amount)?;
        Ok(DebtChange {
            amount,
            scaled,
            position_debt_before: before,
            position_debt_after: after,
            cash_before,
            cash_after: self.cash,
            total_debt_before,
            total_debt_after: self.total_debt()?,
        })
    }

    /// Books a repayment of up to `amount` (the `repay` instruction): all of the debt, or
    /// a part that leaves at least `min_debt`.
    pub fn repay(&mut self, pos: &mut Position, amount: u64) -> Result<DebtChange> {
        self.require_allowed(Operation::Repay)?;
        require!(amount > 0, LendingError::ZeroAmount);
        self.book_repayment(pos, amount, self.config.min_debt)
    }

    /// Removes up to `amount` of `pos`'s debt against cash coming in: more than the debt
    /// repays exactly the debt; a partial repayment removes scaled debt rounded down and
    /// must leave at least `min_left`. No gate of its own: `repay` and `liquidate` check
    /// theirs.
    pub(crate) fn book_repayment(
        &mut self,
        pos: &mut Position,
        amount: u64,
        min_left: u64,
    ) -> Result<DebtChange> {
        let index = self.borrow_index.get();
        let before = pos.debt(index)?;
        require!(before > 0, LendingError::NoDebt);
        let repaid = amount.min(before);
        // the scaled debt removed and the position's debt left (computed once)
        let (scaled, after) = if repaid == before {
            (pos.scaled_debt.get(), 0)
        } else {
            let scaled = mul_div_down(repaid as u128, WAD, index)?;
            let left = pos.scaled_debt.get().saturating_sub(scaled);
            let after = to_u64(mul_wad_up(left, index)?)?;
            require!(after >= min_left, LendingError::DebtBelowMinimum);
            (scaled, after)
        };
        let (cash_before, total_debt_before) = (self.cash, self.total_debt()?);
        self.remove_scaled_debt(pos, scaled)?;
        self.cash = add_u64(self.cash, repaid)?;
        Ok(DebtChange {
            amount: repaid,
            scaled,
            position_debt_before: before,
            position_debt_after: after,
            cash_before,
            cash_after: self.cash,
            total_debt_before,
            total_debt_after: self.total_debt()?,
        })
    }

    /// Takes `scaled` off the position and the pool's total alike.
    pub(crate) fn remove_scaled_debt(&mut self, pos: &mut Position, scaled: u128) -> Result<()> {
        let left = pos
            .scaled_debt
            .get()
            .checked_sub(scaled)
            .ok_or(LendingError::MathOverflow)?;
        pos.scaled_debt.set(left);
        let total = self
            .total_scaled_debt
            .get()
            .checked_sub(scaled)
            .ok_or(LendingError::MathOverflow)?;
        self.total_scaled_debt.set(total);
        Ok(())
    }
}
