//! One builder per instruction. Account order and data come from the program's own
//! Anchor-generated `accounts::*` / `instruction::*` types, so they cannot drift.
use crate::{PoolAddresses, PROGRAM_ID};
use anchor_lang::{
    prelude::Pubkey, solana_program::instruction::Instruction, InstructionData, ToAccountMetas,
};
use lending_pool::{accounts as acc, instruction as data, instructions::InitPoolArgs, state::PoolConfig};

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: PROGRAM_ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// `creator` pays and becomes the admin.
pub fn init_pool(p: &PoolAddresses, guardian: &Pubkey, config: PoolConfig) -> Instruction {
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
        },
        data::InitPool { args: InitPoolArgs { guardian: *guardian, config } },
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
        },
        data::Deposit { amount, min_shares_out },
    )
}

fn withdraw_accounts(p: &PoolAddresses, owner: &Pubkey, lp_source: &Pubkey, destination: &Pubkey) -> acc::Withdraw {
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
    build(withdraw_accounts(p, owner, lp_source, destination), data::Withdraw { assets, max_shares_in })
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
    build(withdraw_accounts(p, owner, lp_source, destination), data::Redeem { shares, min_assets_out })
}

pub fn fund_insurance(p: &PoolAddresses, donor: &Pubkey, source: &Pubkey, amount: u64) -> Instruction {
    build(
        acc::FundInsurance {
            donor: *donor,
            pool: p.pool,
            base_vault: p.base_vault,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            source: *source,
            token_program: anchor_spl::token::ID,
        },
        data::FundInsurance { amount },
    )
}

pub fn update_config(pool: &Pubkey, admin: &Pubkey, config: PoolConfig) -> Instruction {
    build(acc::UpdateConfig { admin: *admin, pool: *pool }, data::UpdateConfig { config })
}

/// `authority` is the guardian or the admin.
pub fn set_pause(pool: &Pubkey, authority: &Pubkey, flags: u16) -> Instruction {
    build(acc::SetPause { authority: *authority, pool: *pool }, data::SetPause { flags })
}

pub fn set_guardian(pool: &Pubkey, admin: &Pubkey, guardian: &Pubkey) -> Instruction {
    build(acc::SetGuardian { admin: *admin, pool: *pool }, data::SetGuardian { guardian: *guardian })
}

pub fn transfer_admin(pool: &Pubkey, admin: &Pubkey, new_admin: &Pubkey) -> Instruction {
    build(acc::TransferAdmin { admin: *admin, pool: *pool }, data::TransferAdmin { new_admin: *new_admin })
}

pub fn accept_admin(pool: &Pubkey, new_admin: &Pubkey) -> Instruction {
    build(acc::AcceptAdmin { new_admin: *new_admin, pool: *pool }, data::AcceptAdmin {})
}
