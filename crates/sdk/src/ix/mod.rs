//! One builder per instruction. Account order and data come from the program's own
//! Anchor-generated `accounts::*` / `instruction::*` types, so they cannot drift.
use crate::PROGRAM_ID;
use anchor_lang::{
    prelude::Pubkey,
    solana_program::instruction::{AccountMeta, Instruction},
    InstructionData, ToAccountMetas,
};

mod admin;
mod exit;
mod flash;
mod insurance;
mod liquidation;
mod pool;
mod position;

pub use admin::*;
pub use exit::*;
pub use flash::*;
pub use insurance::*;
pub use liquidation::*;
pub use pool::*;
pub use position::*;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: PROGRAM_ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

fn with_oracles(mut ix: Instruction, oracles: &[Pubkey]) -> Instruction {
    ix.accounts
        .extend(oracles.iter().map(|k| AccountMeta::new_readonly(*k, false)));
    ix
}
