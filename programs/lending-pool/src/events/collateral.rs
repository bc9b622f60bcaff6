//! Collateral events: the admin lists, updates and retires assets; owners move collateral.
use crate::state::CollateralParams;
use anchor_lang::prelude::*;

/// The admin listed a collateral asset.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollateralAdded {
    pub pool: Pubkey,
    pub collateral_slot: u8,
    pub mint: Pubkey,
    pub vault: Pubkey,
    pub params: CollateralParams,
    pub slot: u64,
    pub timestamp: i64,
}

/// A collateral asset's risk parameters replaced by the admin.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollateralUpdated {
    pub pool: Pubkey,
    pub collateral_slot: u8,
    pub mint: Pubkey,
    pub before: CollateralParams,
    pub after: CollateralParams,
    pub slot: u64,
    pub timestamp: i64,
}

/// The admin retired a delisted slot whose feed stopped (`retire_collateral`): from now on
/// it is worth zero and reads no oracle; what positions hold of it stays theirs to withdraw
/// or is forfeited when they settle.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollateralRetired {
    pub pool: Pubkey,
    pub collateral_slot: u8,
    pub mint: Pubkey,
    /// The newest price the pool had accepted for it.
    pub newest_price_ts: i64,
    /// What positions held of it when it was retired.
    pub total_deposited: u64,
    pub slot: u64,
    pub timestamp: i64,
}

/// Collateral into (`is_deposit`) or out of a position.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollateralChanged {
    pub pool: Pubkey,
    pub position: Pubkey,
    /// The depositor, or the owner on withdrawals.
    pub actor: Pubkey,
    pub is_deposit: bool,
    pub collateral_slot: u8,
    pub amount: u64,
    pub position_amount_before: u64,
    pub position_amount_after: u64,
    pub total_deposited_after: u64,
    pub slot: u64,
    pub timestamp: i64,
}
