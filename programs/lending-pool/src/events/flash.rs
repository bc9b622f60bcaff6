//! Events of flash loans: lent and repaid within one transaction.
use anchor_lang::prelude::*;

/// `flash_borrow`: `amount` left the vault; `cash` (the books) is unchanged, the loan
/// counted as owed until its repayment.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlashBorrowed {
    pub pool: Pubkey,
    pub borrower: Pubkey,
    pub amount: u64,
    /// What the repayment adds, to the insurance fund.
    pub fee: u64,
    pub cash: u64,
    pub slot: u64,
    pub timestamp: i64,
}

/// `flash_repay`: `amount + fee` returned; the fee joined the insurance fund's pending
/// share (`cash_after = cash + fee`, `insurance_pending_after` likewise).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlashRepaid {
    pub pool: Pubkey,
    pub payer: Pubkey,
    pub amount: u64,
    pub fee: u64,
    pub cash_after: u64,
    pub insurance_pending_after: u64,
    pub slot: u64,
    pub timestamp: i64,
}
