//! The admin's and the guardian's instructions: config, pauses, roles, collateral listing
//! and reopening a frozen pool.
use super::build;
use crate::PoolAddresses;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::{
    accounts as acc, instruction as data,
    state::{CollateralParams, PoolConfig},
};

/// The guardian or admin reopens a frozen pool whose LPs have equity again.
pub fn unfreeze(p: &PoolAddresses, authority: &Pubkey) -> Instruction {
    build(
        acc::Unfreeze {
            authority: *authority,
            pool: p.pool,
            lp_mint: p.lp_mint,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::Unfreeze {},
    )
}

pub fn update_config(pool: &Pubkey, admin: &Pubkey, config: PoolConfig) -> Instruction {
    build(
        acc::UpdateConfig {
            admin: *admin,
            pool: *pool,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::UpdateConfig { config },
    )
}

/// `authority` is the guardian or the admin.
pub fn set_pause(pool: &Pubkey, authority: &Pubkey, flags: u16) -> Instruction {
    build(
        acc::SetPause {
            authority: *authority,
            pool: *pool,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::SetPause { flags },
    )
}

pub fn set_guardian(pool: &Pubkey, admin: &Pubkey, guardian: &Pubkey) -> Instruction {
    build(
        acc::SetGuardian {
            admin: *admin,
            pool: *pool,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::SetGuardian {
            guardian: *guardian,
        },
    )
}

pub fn transfer_admin(pool: &Pubkey, admin: &Pubkey, new_admin: &Pubkey) -> Instruction {
    build(
        acc::TransferAdmin {
            admin: *admin,
            pool: *pool,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::TransferAdmin {
            new_admin: *new_admin,
        },
    )
}

pub fn accept_admin(pool: &Pubkey, new_admin: &Pubkey) -> Instruction {
    build(
        acc::AcceptAdmin {
            new_admin: *new_admin,
            pool: *pool,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::AcceptAdmin {},
    )
}

/// Admin adds collateral `mint` (its vault PDA is derived).
pub fn add_collateral(
    p: &PoolAddresses,
    admin: &Pubkey,
    mint: &Pubkey,
    params: CollateralParams,
) -> Instruction {
    build(
        acc::AddCollateral {
            admin: *admin,
            pool: p.pool,
            collateral_mint: *mint,
            collateral_vault: crate::pda::collateral_vault(&p.pool, mint),
            token_program: anchor_spl::token::ID,
            system_program: anchor_lang::system_program::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::AddCollateral { params },
    )
}

/// Admin: new risk parameters for collateral `slot` (LTV 0 delists it).
pub fn update_collateral(
    pool: &Pubkey,
    admin: &Pubkey,
    slot: u8,
    params: CollateralParams,
) -> Instruction {
    build(
        acc::UpdateCollateral {
            admin: *admin,
            pool: *pool,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::UpdateCollateral { slot, params },
    )
}

/// `retire_collateral`: the admin retires a delisted slot whose feed stopped a day ago.
pub fn retire_collateral(pool: &Pubkey, admin: &Pubkey, slot: u8) -> Instruction {
    build(
        acc::RetireCollateral {
            admin: *admin,
            pool: *pool,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::RetireCollateral { slot },
    )
}
