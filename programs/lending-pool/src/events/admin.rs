//! Events of the pool's administration: configuration, pauses, the guardian and the admin.
use crate::state::PoolConfig;
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigUpdated {
    pub pool: Pubkey,
    pub admin: Pubkey,
    pub before: PoolConfig,
    pub after: PoolConfig,
    pub slot: u64,
    pub timestamp: i64,
}

/// `set_pause`: the flags before and after; `guardian_flags` are the ones the guardian set
/// (they lapse at `guardian_expires_ts`; 0 when none), the admin's never lapse.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseFlagsSet {
    pub pool: Pubkey,
    pub authority: Pubkey,
    pub before: u16,
    pub after: u16,
    pub guardian_flags: u16,
    pub guardian_expires_ts: i64,
    pub slot: u64,
    pub timestamp: i64,
}

/// The guardian's pause flags lapsed (`max_pause_secs` after they were set), noticed by the
/// first instruction that brought the pool up to date.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PausesLapsed {
    pub pool: Pubkey,
    pub before: u16,
    pub after: u16,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianSet {
    pub pool: Pubkey,
    pub admin: Pubkey,
    pub before: Pubkey,
    pub after: Pubkey,
    pub slot: u64,
    pub timestamp: i64,
}

/// `pending_after == Pubkey::default()` means the transfer was cancelled.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminTransferProposed {
    pub pool: Pubkey,
    pub admin: Pubkey,
    pub pending_before: Pubkey,
    pub pending_after: Pubkey,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminTransferAccepted {
    pub pool: Pubkey,
    pub admin_before: Pubkey,
    pub admin_after: Pubkey,
    pub slot: u64,
    pub timestamp: i64,
}
