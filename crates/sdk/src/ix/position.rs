//! A borrower's position: open and close, collateral in and out, borrow, repay, and the
//! health view.
use super::{build, with_oracles};
use crate::PoolAddresses;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::{accounts as acc, instruction as data};

pub fn open_position(pool: &Pubkey, owner: &Pubkey, index: u16) -> Instruction {
    build(
        acc::OpenPosition {
            owner: *owner,
            pool: *pool,
            position: crate::pda::position(pool, owner, index),
            system_program: anchor_lang::system_program::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::OpenPosition { index },
    )
}

pub fn close_position(pool: &Pubkey, owner: &Pubkey, position: &Pubkey) -> Instruction {
    build(
        acc::ClosePosition {
            owner: *owner,
            pool: *pool,
            position: *position,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::ClosePosition {},
    )
}

/// `deposit_collateral`: `oracles` is one `PriceUpdateV2` per collateral slot the position
/// holds after the deposit, in slot order. The program reads them (and `base_oracle`) only
/// when the position is marked; pass them always.
#[allow(clippy::too_many_arguments)]
pub fn deposit_collateral(
    pool: &Pubkey,
    position: &Pubkey,
    depositor: &Pubkey,
    collateral_vault: &Pubkey,
    source: &Pubkey,
    base_oracle: &Pubkey,
    oracles: &[Pubkey],
    slot: u8,
    amount: u64,
) -> Instruction {
    let ix = build(
        acc::DepositCollateral {
            depositor: *depositor,
            pool: *pool,
            position: *position,
            collateral_vault: *collateral_vault,
            source: *source,
            base_oracle: *base_oracle,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::DepositCollateral { slot, amount },
    );
    with_oracles(ix, oracles)
}

/// `oracles`: one `PriceUpdateV2` per collateral slot the position holds afterwards, in slot
/// order (none if it has no debt).
#[allow(clippy::too_many_arguments)]
pub fn withdraw_collateral(
    pool: &Pubkey,
    position: &Pubkey,
    owner: &Pubkey,
    collateral_vault: &Pubkey,
    destination: &Pubkey,
    base_oracle: &Pubkey,
    oracles: &[Pubkey],
    slot: u8,
    amount: u64,
) -> Instruction {
    let ix = build(
        acc::WithdrawCollateral {
            owner: *owner,
            pool: *pool,
            position: *position,
            collateral_vault: *collateral_vault,
            destination: *destination,
            base_oracle: *base_oracle,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::WithdrawCollateral { slot, amount },
    );
    with_oracles(ix, oracles)
}

/// `oracles`: one `PriceUpdateV2` per collateral slot the position holds, in slot order.
pub fn borrow(
    p: &PoolAddresses,
    position: &Pubkey,
    owner: &Pubkey,
    destination: &Pubkey,
    base_oracle: &Pubkey,
    oracles: &[Pubkey],
    amount: u64,
) -> Instruction {
    let ix = build(
        acc::Borrow {
            owner: *owner,
            pool: p.pool,
            position: *position,
            base_vault: p.base_vault,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            destination: *destination,
            base_oracle: *base_oracle,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::Borrow { amount },
    );
    with_oracles(ix, oracles)
}

/// Anyone repays up to `amount` of `position`'s debt from `source`.
pub fn repay(
    p: &PoolAddresses,
    position: &Pubkey,
    payer: &Pubkey,
    source: &Pubkey,
    amount: u64,
) -> Instruction {
    build(
        acc::Repay {
            payer: *payer,
            pool: p.pool,
            position: *position,
            base_vault: p.base_vault,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            source: *source,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::Repay { amount },
    )
}

/// View: simulate it and decode the return data as `lending_pool::instructions::HealthReport`.
pub fn position_health(
    pool: &Pubkey,
    position: &Pubkey,
    base_oracle: &Pubkey,
    oracles: &[Pubkey],
) -> Instruction {
    let ix = build(
        acc::PositionHealthView {
            pool: *pool,
            position: *position,
            base_oracle: *base_oracle,
        },
        data::PositionHealth {},
    );
    with_oracles(ix, oracles)
}
