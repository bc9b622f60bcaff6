use anchor_lang::prelude::*;

/// An LP's exit request while the pool is stressed (`docs/SPEC.md`, "LP exits cannot outrun
/// a loss in progress"): PDA `[EXIT_REQUEST_SEED, pool, owner]`, one per LP and pool. Its
/// shares sit in the escrow token account `[EXIT_ESCROW_SEED, request]` (authority: the
/// pool), still in the LP supply: they bear every loss until paid and earn nothing above
/// `value_at_request`.
#[account(zero_copy)]
#[derive(Debug)]
pub struct ExitRequest {
    pub pool: Pubkey,
    pub owner: Pubkey,
    /// LP shares in the escrow.
    pub shares: u64,
    /// What they were worth at the exit price when requested (base units, rounded down):
    /// the most the exit pays.
    pub value_at_request: u64,
    pub requested_ts: i64,
    /// From when `complete_exit` pays it (`requested_ts + exit_delay_secs`).
    pub matures_ts: i64,
    pub bump: u8,
    pub escrow_bump: u8,
    pub padding: [u8; 6],
    pub reserved: [u8; 32],
}

const _: () = assert!(core::mem::size_of::<ExitRequest>() == 64 + 32 + 8 + 32);
const _: () = assert!(core::mem::align_of::<ExitRequest>() == 8);

impl ExitRequest {
    pub const SPACE: usize = 8 + core::mem::size_of::<ExitRequest>();
}
