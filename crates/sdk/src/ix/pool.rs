//! The pool and its LPs: creating a pool, LP deposits and exits, insurance donations,
//! recapitalization, accrual and the insurance sweep.
use super::build;
use crate::PoolAddresses;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::{
    accounts as acc, instruction as data, instructions::InitPoolArgs, state::PoolConfig,
};

/// `creator` pays and becomes the admin; `base_feed_id` is the Pyth feed pricing the base asset.
pub fn init_pool(
    p: &PoolAddresses,
    guardian: &Pubkey,
    base_feed_id: [u8; 32],
    config: PoolConfig,
) -> Instruction {
    build(
        acc::InitPool {
            creator: p.creator,
            base_mint: p.base_mint,
            pool: p.pool,
            base_vault: p.base_vault,
            lp_mint: p.lp_mint,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            token_program: anchor_spl::token::ID,
            system_program: anchor_lang::system_program::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::InitPool {
            args: InitPoolArgs {
                guardian: *guardian,
                base_feed_id,
                config,
            },
        },
    )
}

pub fn deposit(
    p: &PoolAddresses,
    depositor: &Pubkey,
    source: &Pubkey,
    lp_destination: &Pubkey,
    amount: u64,
    min_shares_out: u64,
) -> Instruction {
    build(
        acc::Deposit {
            depositor: *depositor,
            pool: p.pool,
            base_vault: p.base_vault,
            lp_mint: p.lp_mint,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            source: *source,
            lp_destination: *lp_destination,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::Deposit {
            amount,
            min_shares_out,
        },
    )
}

fn withdraw_accounts(
    p: &PoolAddresses,
    owner: &Pubkey,
    lp_source: &Pubkey,
    destination: &Pubkey,
) -> acc::Withdraw {
    acc::Withdraw {
        owner: *owner,
        pool: p.pool,
        base_vault: p.base_vault,
        lp_mint: p.lp_mint,
        insurance_fund: p.insurance_fund,
        insurance_vault: p.insurance_vault,
        lp_source: *lp_source,
        destination: *destination,
        token_program: anchor_spl::token::ID,
        event_authority: crate::pda::event_authority(),
        program: crate::PROGRAM_ID,
    }
}

/// Withdraws exactly `assets` base units, burning at most `max_shares_in`.
pub fn withdraw(
    p: &PoolAddresses,
    owner: &Pubkey,
    lp_source: &Pubkey,
    destination: &Pubkey,
    assets: u64,
    max_shares_in: u64,
) -> Instruction {
    build(
        withdraw_accounts(p, owner, lp_source, destination),
        data::Withdraw {
            assets,
            max_shares_in,
        },
    )
}

/// Burns exactly `shares`, receiving at least `min_assets_out`.
pub fn redeem(
    p: &PoolAddresses,
    owner: &Pubkey,
    lp_source: &Pubkey,
    destination: &Pubkey,
    shares: u64,
    min_assets_out: u64,
) -> Instruction {
    build(
        withdraw_accounts(p, owner, lp_source, destination),
        data::Redeem {
            shares,
            min_assets_out,
        },
    )
}

pub fn fund_insurance(
    p: &PoolAddresses,
    donor: &Pubkey,
    source: &Pubkey,
    amount: u64,
) -> Instruction {
    build(
        acc::FundInsurance {
            donor: *donor,
            pool: p.pool,
            base_vault: p.base_vault,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            source: *source,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::FundInsurance { amount },
    )
}

/// Anyone adds `amount` base tokens from `source` to the LPs' books (no shares minted), while
/// the pool is frozen or deposits are paused; refused above `max_lp_supply` LP shares.
pub fn recapitalize(
    p: &PoolAddresses,
    donor: &Pubkey,
    source: &Pubkey,
    amount: u64,
    max_lp_supply: u64,
) -> Instruction {
    build(
        acc::Recapitalize {
            donor: *donor,
            pool: p.pool,
            base_vault: p.base_vault,
            lp_mint: p.lp_mint,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            source: *source,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::Recapitalize {
            amount,
            max_lp_supply,
        },
    )
}

pub fn accrue_interest(pool: &Pubkey) -> Instruction {
    build(
        acc::AccrueInterest {
            pool: *pool,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::AccrueInterest {},
    )
}

pub fn sweep_insurance(p: &PoolAddresses) -> Instruction {
    build(
        acc::SweepInsurance {
            pool: p.pool,
            base_vault: p.base_vault,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::SweepInsurance {},
    )
}
