//! Events of a borrower's position: opened, closed, its debt changed.
use crate::state::DebtChange;
use crate::state::Pool;
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionOpened {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub index: u16,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionClosed {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub slot: u64,
    pub timestamp: i64,
}

/// Borrow or repayment: the position's debt and the pool's books before and after.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtChanged {
    pub pool: Pubkey,
    pub position: Pubkey,
    /// The borrower (borrow) or whoever paid (repay).
    pub actor: Pubkey,
    pub is_borrow: bool,
    pub amount: u64,
    pub scaled: u128,
    pub position_debt_before: u64,
    pub position_debt_after: u64,
    pub cash_before: u64,
    pub cash_after: u64,
    pub total_debt_before: u64,
    pub total_debt_after: u64,
    pub borrow_index: u128,
    pub slot: u64,
    pub timestamp: i64,
}

impl DebtChanged {
    /// The event for `change` (which carries the books before and after it).
    pub fn of(
        keys: [Pubkey; 3],
        is_borrow: bool,
        change: &DebtChange,
        pool: &Pool,
        clock: &Clock,
    ) -> Self {
        let [pool_key, position, actor] = keys;
        Self {
            pool: pool_key,
            position,
            actor,
            is_borrow,
            amount: change.amount,
            scaled: change.scaled,
            position_debt_before: change.position_debt_before,
            position_debt_after: change.position_debt_after,
            cash_before: change.cash_before,
            cash_after: change.cash_after,
            total_debt_before: change.total_debt_before,
            total_debt_after: change.total_debt_after,
            borrow_index: pool.borrow_index.get(),
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        }
    }
}
