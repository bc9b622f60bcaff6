//! Events of insurance stakers and marked shortfalls.
use crate::state::{FundValue, InsuranceFund, MarkChange};
use anchor_lang::prelude::*;

/// A position's mark changed: `reason` is one of `state::mark_reason` (a mark or re-mark by
/// anyone, or the update a liquidation, repayment, borrow or collateral change made). A
/// settlement's release is in `BadDebtSettled` (`mark_released`, `marked_shortfall_after`):
/// replaying both gives the pool's marks exactly.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortfallMarked {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub actor: Pubkey,
    pub reason: u8,
    pub position_debt: u64,
    pub shortfall_before: u64,
    pub shortfall_after: u64,
    pub marked_shortfall_before: u64,
    pub marked_shortfall_after: u64,
    /// What a full liquidation repays at the mark's prices, fees to the fund included (0
    /// when released): the mark is the debt above it, growing with the borrow index.
    pub repayable: u64,
    pub slot: u64,
    pub timestamp: i64,
}

impl ShortfallMarked {
    pub fn of(
        [pool, position, actor]: [Pubkey; 3],
        reason: u8,
        position_debt: u64,
        c: &MarkChange,
        clock: &Clock,
    ) -> Self {
        Self {
            pool,
            position,
            actor,
            reason,
            position_debt,
            shortfall_before: c.position_before,
            shortfall_after: c.position_after,
            marked_shortfall_before: c.pool_before,
            marked_shortfall_after: c.pool_after,
            repayable: c.repayable,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        }
    }
}

/// The insurance side at one moment: the fund's value (ledger + pending), the covered part
/// of the marks, and its shares. A share is worth `(gross − covered + 1) / (total_shares + 1)`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct InsuranceBooks {
    pub fund_gross: u64,
    pub fund_covered: u64,
    pub total_shares: u64,
    pub protocol_shares: u64,
    pub cooldown_shares: u64,
    pub share_epoch: u64,
}

impl InsuranceBooks {
    pub fn of(value: FundValue, fund: &InsuranceFund) -> Self {
        Self {
            fund_gross: value.gross,
            fund_covered: value.covered,
            total_shares: fund.total_shares,
            protocol_shares: fund.protocol_shares,
            cooldown_shares: fund.cooldown_shares,
            share_epoch: fund.share_epoch,
        }
    }
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staked {
    pub pool: Pubkey,
    pub staker: Pubkey,
    pub stake: Pubkey,
    pub amount: u64,
    pub shares: u64,
    pub protocol_shares_minted: u64,
    pub stake_shares_after: u64,
    pub before: InsuranceBooks,
    pub after: InsuranceBooks,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnstakeRequested {
    pub pool: Pubkey,
    pub staker: Pubkey,
    pub stake: Pubkey,
    pub shares: u64,
    /// What the shares were worth at the request, net of the covered marks (rounded down):
    /// the most the payout can be.
    pub value_at_request: u64,
    /// The caller's bound (`min_value`).
    pub min_value: u64,
    pub cooldown_end_ts: i64,
    /// Payable until then (`cooldown_end_ts + unstake_window_secs`); it lapses after.
    pub window_end_ts: i64,
    pub books: InsuranceBooks,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnstakeCancelled {
    pub pool: Pubkey,
    pub staker: Pubkey,
    pub stake: Pubkey,
    pub shares: u64,
    /// Burnt so the staker keeps no gain made during the cooldown.
    pub shares_burnt: u64,
    pub value_at_request: u64,
    pub value_now: u64,
    pub stake_shares_after: u64,
    pub books: InsuranceBooks,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unstaked {
    pub pool: Pubkey,
    pub staker: Pubkey,
    pub stake: Pubkey,
    pub shares: u64,
    pub value_at_request: u64,
    pub value_now: u64,
    /// `min(value_at_request, value_now)`.
    pub paid: u64,
    /// Pending interest moved into the insurance vault first (as `sweep_insurance` would).
    pub swept: u64,
    pub stake_shares_after: u64,
    pub before: InsuranceBooks,
    pub after: InsuranceBooks,
    pub slot: u64,
    pub timestamp: i64,
}

/// `close_stake`: an empty stake account closed, its rent back to the owner.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeClosed {
    pub pool: Pubkey,
    pub staker: Pubkey,
    pub stake: Pubkey,
    pub total_staked: u64,
    pub total_unstaked: u64,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsuranceFunded {
    pub pool: Pubkey,
    pub donor: Pubkey,
    pub amount: u64,
    pub balance_before: u64,
    pub balance_after: u64,
    pub total_donations_after: u64,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsuranceSwept {
    pub pool: Pubkey,
    pub amount: u64,
    pub insurance_pending_before: u64,
    pub insurance_pending_after: u64,
    pub cash_after: u64,
    pub insurance_balance_after: u64,
    pub slot: u64,
    pub timestamp: i64,
}
