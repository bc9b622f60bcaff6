//! Stressed LP exits: requested, completed, cancelled.
use super::LpBooks;
use anchor_lang::prelude::*;

/// An LP's exit request while the pool is stressed: its shares moved into the escrow.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitRequested {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub exit_request: Pubkey,
    pub shares: u64,
    /// Their value at the exit price now: the most the exit will pay.
    pub value_at_request: u64,
    pub min_assets: u64,
    pub matures_ts: i64,
    /// The pool's LP books at the request (unchanged by it: the shares stay in the supply).
    pub books: LpBooks,
    pub slot: u64,
    pub timestamp: i64,
}

/// A matured request paid: `assets = min(value_at_request, value_now)` for `shares` burnt.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitCompleted {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub exit_request: Pubkey,
    pub destination: Pubkey,
    pub shares: u64,
    pub value_at_request: u64,
    pub value_now: u64,
    pub assets: u64,
    pub requested_ts: i64,
    pub before: LpBooks,
    pub after: LpBooks,
    pub slot: u64,
    pub timestamp: i64,
}

/// A request cancelled: its shares are back in the owner's LP account.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitCancelled {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub exit_request: Pubkey,
    pub shares: u64,
    pub value_at_request: u64,
    pub requested_ts: i64,
    pub slot: u64,
    pub timestamp: i64,
}
