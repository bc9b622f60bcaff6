//! Insurance stakers: open a stake account, stake, request and cancel an unstake, and the
//! payout after the cooldown.
use super::build;
use crate::{pda, PoolAddresses};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::{accounts as acc, instruction as data};

pub fn open_stake(pool: &Pubkey, owner: &Pubkey) -> Instruction {
    build(
        acc::OpenStake {
            owner: *owner,
            pool: *pool,
            stake: pda::stake(pool, owner),
            system_program: anchor_lang::system_program::ID,
        },
        data::OpenStake {},
    )
}

/// Stakes `amount` base tokens from `source` (at least `min_shares_out` shares).
pub fn stake(
    p: &PoolAddresses,
    owner: &Pubkey,
    source: &Pubkey,
    amount: u64,
    min_shares_out: u64,
) -> Instruction {
    build(
        acc::Stake {
            owner: *owner,
            pool: p.pool,
            base_vault: p.base_vault,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            stake: pda::stake(&p.pool, owner),
            source: *source,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::Stake {
            amount,
            min_shares_out,
        },
    )
}

fn unstake_request(p: &PoolAddresses, owner: &Pubkey) -> acc::UnstakeRequest {
    acc::UnstakeRequest {
        owner: *owner,
        pool: p.pool,
        insurance_fund: p.insurance_fund,
        stake: pda::stake(&p.pool, owner),
        event_authority: crate::pda::event_authority(),
        program: crate::PROGRAM_ID,
    }
}

/// Requests an unstake of `shares`, refused if they are worth less than `min_value` now (net
/// of the covered marks: re-mark the pool's marked positions first, e.g. with
/// `crate::ix::mark_shortfall` in the same transaction, so a stale mark does not fix a low
/// value for good).
pub fn request_unstake(
    p: &PoolAddresses,
    owner: &Pubkey,
    shares: u64,
    min_value: u64,
) -> Instruction {
    build(
        unstake_request(p, owner),
        data::RequestUnstake { shares, min_value },
    )
}

pub fn cancel_unstake(p: &PoolAddresses, owner: &Pubkey) -> Instruction {
    build(unstake_request(p, owner), data::CancelUnstake {})
}

/// Pays the owner's request after its cooldown into `destination` (a base-mint account).
pub fn unstake(p: &PoolAddresses, owner: &Pubkey, destination: &Pubkey) -> Instruction {
    build(
        acc::Unstake {
            owner: *owner,
            pool: p.pool,
            base_vault: p.base_vault,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            stake: pda::stake(&p.pool, owner),
            destination: *destination,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::Unstake {},
    )
}

/// Closes the owner's empty stake account (no shares of the current epoch, no request);
/// the rent goes back to the owner.
pub fn close_stake(p: &PoolAddresses, owner: &Pubkey) -> Instruction {
    build(
        acc::CloseStake {
            owner: *owner,
            pool: p.pool,
            insurance_fund: p.insurance_fund,
            stake: pda::stake(&p.pool, owner),
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::CloseStake {},
    )
}
