use anchor_lang::prelude::*;

/// One staker's insurance shares in one pool: PDA `[STAKE_SEED, pool, owner]`. Not a token:
/// shares move only through `stake` and `unstake`, so they cannot be sold ahead of a loss.
#[account(zero_copy)]
#[derive(Debug)]
pub struct InsuranceStake {
    pub pool: Pubkey,
    pub owner: Pubkey,
    /// Shares held, including those in cooldown (of `share_epoch`).
    pub shares: u64,
    /// Shares of the pending unstake request (0: none).
    pub cooldown_shares: u64,
    /// What they were worth at the request (base units, net of the covered marked shortfall).
    pub cooldown_value: u64,
    /// When the request may be paid.
    pub cooldown_end_ts: i64,
    /// The fund's share epoch these shares belong to; an older one is worth nothing.
    pub share_epoch: u64,
    /// Lifetime base units staked and paid out (a staker's own ledger).
    pub total_staked: u64,
    pub total_unstaked: u64,
    pub bump: u8,
    pub padding: [u8; 7],
    pub reserved: [u8; 64],
}

const _: () = assert!(core::mem::size_of::<InsuranceStake>() == 64 + 56 + 8 + 64);
const _: () = assert!(core::mem::align_of::<InsuranceStake>() == 8);

impl InsuranceStake {
    pub const SPACE: usize = 8 + core::mem::size_of::<InsuranceStake>();
}
