//! Program-derived addresses, as the program derives them.
use crate::PROGRAM_ID;
use anchor_lang::prelude::Pubkey;
use lending_pool::constants::*;

pub fn pool(base_mint: &Pubkey, creator: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[POOL_SEED, base_mint.as_ref(), creator.as_ref()],
        &PROGRAM_ID,
    )
}

/// The PDA that signs the program's event self-CPIs (`emit_cpi!`): every instruction that
/// emits events takes it, and the program itself (`program`), as its last two accounts.
pub fn event_authority() -> Pubkey {
    lending_pool::EVENT_AUTHORITY_AND_BUMP.0
}

fn of_pool(seed: &[u8], pool: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[seed, pool.as_ref()], &PROGRAM_ID).0
}

pub fn base_vault(pool: &Pubkey) -> Pubkey {
    of_pool(BASE_VAULT_SEED, pool)
}
pub fn lp_mint(pool: &Pubkey) -> Pubkey {
    of_pool(LP_MINT_SEED, pool)
}
pub fn insurance_fund(pool: &Pubkey) -> Pubkey {
    of_pool(INSURANCE_FUND_SEED, pool)
}
pub fn insurance_vault(pool: &Pubkey) -> Pubkey {
    of_pool(INSURANCE_VAULT_SEED, pool)
}

pub fn collateral_vault(pool: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[COLLATERAL_VAULT_SEED, pool.as_ref(), mint.as_ref()],
        &PROGRAM_ID,
    )
    .0
}

pub fn position(pool: &Pubkey, owner: &Pubkey, index: u16) -> Pubkey {
    Pubkey::find_program_address(
        &[
            POSITION_SEED,
            pool.as_ref(),
            owner.as_ref(),
            &index.to_le_bytes(),
        ],
        &PROGRAM_ID,
    )
    .0
}

/// A staker's insurance stake account in `pool`.
pub fn stake(pool: &Pubkey, owner: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[STAKE_SEED, pool.as_ref(), owner.as_ref()], &PROGRAM_ID).0
}

/// An LP's exit request in `pool` (one at a time), and the escrow holding its shares.
pub fn exit_request(pool: &Pubkey, owner: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[EXIT_REQUEST_SEED, pool.as_ref(), owner.as_ref()],
        &PROGRAM_ID,
    )
    .0
}

pub fn exit_escrow(exit_request: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[EXIT_ESCROW_SEED, exit_request.as_ref()], &PROGRAM_ID).0
}

/// Every address of one pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolAddresses {
    pub pool: Pubkey,
    pub base_mint: Pubkey,
    pub creator: Pubkey,
    pub base_vault: Pubkey,
    pub lp_mint: Pubkey,
    pub insurance_fund: Pubkey,
    pub insurance_vault: Pubkey,
}

impl PoolAddresses {
    pub fn derive(base_mint: &Pubkey, creator: &Pubkey) -> Self {
        let pool = self::pool(base_mint, creator).0;
        Self {
            pool,
            base_mint: *base_mint,
            creator: *creator,
            base_vault: base_vault(&pool),
            lp_mint: lp_mint(&pool),
            insurance_fund: insurance_fund(&pool),
            insurance_vault: insurance_vault(&pool),
        }
    }
}
