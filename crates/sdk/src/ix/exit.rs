//! Stressed LP exits: request, complete, cancel.
use super::build;
use crate::{pda, pda::PoolAddresses};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::{accounts as acc, instruction as data};

/// `request_exit`: `shares` from `lp_source` into the request's escrow, worth at least
/// `min_assets` at the exit price now (only while the pool is stressed).
pub fn request_exit(
    p: &PoolAddresses,
    owner: &Pubkey,
    lp_source: &Pubkey,
    shares: u64,
    min_assets: u64,
) -> Instruction {
    let exit_request = pda::exit_request(&p.pool, owner);
    build(
        acc::RequestExit {
            owner: *owner,
            pool: p.pool,
            lp_mint: p.lp_mint,
            insurance_fund: p.insurance_fund,
            lp_source: *lp_source,
            exit_request,
            escrow: pda::exit_escrow(&exit_request),
            token_program: anchor_spl::token::ID,
            system_program: anchor_lang::system_program::ID,
            event_authority: pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::RequestExit { shares, min_assets },
    )
}

/// `complete_exit`: pays `owner`'s matured request into `destination`.
pub fn complete_exit(p: &PoolAddresses, owner: &Pubkey, destination: &Pubkey) -> Instruction {
    let exit_request = pda::exit_request(&p.pool, owner);
    build(
        acc::CompleteExit {
            owner: *owner,
            pool: p.pool,
            base_vault: p.base_vault,
            lp_mint: p.lp_mint,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            exit_request,
            escrow: pda::exit_escrow(&exit_request),
            destination: *destination,
            token_program: anchor_spl::token::ID,
            event_authority: pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::CompleteExit {},
    )
}

/// `cancel_exit`: `owner`'s request's shares back into `lp_destination`.
pub fn cancel_exit(p: &PoolAddresses, owner: &Pubkey, lp_destination: &Pubkey) -> Instruction {
    let exit_request = pda::exit_request(&p.pool, owner);
    build(
        acc::CancelExit {
            owner: *owner,
            pool: p.pool,
            lp_mint: p.lp_mint,
            exit_request,
            escrow: pda::exit_escrow(&exit_request),
            lp_destination: *lp_destination,
            token_program: anchor_spl::token::ID,
            event_authority: pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::CancelExit {},
    )
}
