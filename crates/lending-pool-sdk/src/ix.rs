//! One builder per instruction. Account order and data come from the program's own
//! Anchor-generated `accounts::*` / `instruction::*` types, so they cannot drift.
use crate::{PoolAddresses, PROGRAM_ID};
use anchor_lang::solana_program::instruction::AccountMeta;
use anchor_lang::{
    prelude::Pubkey, solana_program::instruction::Instruction, InstructionData, ToAccountMetas,
};
use lending_pool::{
    accounts as acc, instruction as data,
    instructions::InitPoolArgs,
    state::{CollateralParams, PoolConfig},
};

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: PROGRAM_ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

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
        },
        data::FundInsurance { amount },
    )
}

/// Anyone adds `amount` base tokens from `source` to the LPs' books (no shares minted).
pub fn recapitalize(
    p: &PoolAddresses,
    donor: &Pubkey,
    source: &Pubkey,
    amount: u64,
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
        },
        data::Recapitalize { amount },
    )
}

/// The guardian or admin reopens a frozen pool whose LPs have equity again.
pub fn unfreeze(p: &PoolAddresses, authority: &Pubkey) -> Instruction {
    build(
        acc::Unfreeze {
            authority: *authority,
            pool: p.pool,
            lp_mint: p.lp_mint,
        },
        data::Unfreeze {},
    )
}

pub fn update_config(pool: &Pubkey, admin: &Pubkey, config: PoolConfig) -> Instruction {
    build(
        acc::UpdateConfig {
            admin: *admin,
            pool: *pool,
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
        },
        data::SetPause { flags },
    )
}

pub fn set_guardian(pool: &Pubkey, admin: &Pubkey, guardian: &Pubkey) -> Instruction {
    build(
        acc::SetGuardian {
            admin: *admin,
            pool: *pool,
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
        },
        data::UpdateCollateral { slot, params },
    )
}

pub fn open_position(pool: &Pubkey, owner: &Pubkey, index: u16) -> Instruction {
    build(
        acc::OpenPosition {
            owner: *owner,
            pool: *pool,
            position: crate::pda::position(pool, owner, index),
            system_program: anchor_lang::system_program::ID,
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
        },
        data::ClosePosition {},
    )
}

/// `collateral_vault` is the slot's vault (`Pool::collaterals[slot].vault`).
pub fn deposit_collateral(
    pool: &Pubkey,
    position: &Pubkey,
    depositor: &Pubkey,
    collateral_vault: &Pubkey,
    source: &Pubkey,
    slot: u8,
    amount: u64,
) -> Instruction {
    build(
        acc::DepositCollateral {
            depositor: *depositor,
            pool: *pool,
            position: *position,
            collateral_vault: *collateral_vault,
            source: *source,
            token_program: anchor_spl::token::ID,
        },
        data::DepositCollateral { slot, amount },
    )
}

fn with_oracles(mut ix: Instruction, oracles: &[Pubkey]) -> Instruction {
    ix.accounts
        .extend(oracles.iter().map(|k| AccountMeta::new_readonly(*k, false)));
    ix
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
        },
        data::Repay { amount },
    )
}

pub fn accrue_interest(pool: &Pubkey) -> Instruction {
    build(acc::AccrueInterest { pool: *pool }, data::AccrueInterest {})
}

pub fn sweep_insurance(p: &PoolAddresses) -> Instruction {
    build(
        acc::SweepInsurance {
            pool: p.pool,
            base_vault: p.base_vault,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            token_program: anchor_spl::token::ID,
        },
        data::SweepInsurance {},
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

/// Everything a liquidation touches besides the pool's own accounts.
#[derive(Debug, Clone)]
pub struct LiquidateAccounts {
    pub position: Pubkey,
    pub liquidator: Pubkey,
    pub collateral_vault: Pubkey,
    /// Pays the repayment and the fee (base mint).
    pub liquidator_base: Pubkey,
    /// Receives the collateral.
    pub liquidator_collateral: Pubkey,
    pub base_oracle: Pubkey,
    /// One `PriceUpdateV2` per collateral slot the position holds, in slot order.
    pub oracles: Vec<Pubkey>,
}

pub fn liquidate(
    p: &PoolAddresses,
    l: &LiquidateAccounts,
    repay_amount: u64,
    slot: u8,
    min_collateral_out: u64,
) -> Instruction {
    let ix = build(
        acc::Liquidate {
            liquidator: l.liquidator,
            pool: p.pool,
            position: l.position,
            base_vault: p.base_vault,
            lp_mint: p.lp_mint,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            collateral_vault: l.collateral_vault,
            liquidator_base: l.liquidator_base,
            liquidator_collateral: l.liquidator_collateral,
            base_oracle: l.base_oracle,
            token_program: anchor_spl::token::ID,
        },
        data::Liquidate {
            repay_amount,
            slot,
            min_collateral_out,
        },
    );
    with_oracles(ix, &l.oracles)
}

/// Anyone settles a bankrupt position (no oracle needed).
pub fn settle_bad_debt(p: &PoolAddresses, position: &Pubkey) -> Instruction {
    build(
        acc::SettleBadDebt {
            pool: p.pool,
            position: *position,
            base_vault: p.base_vault,
            lp_mint: p.lp_mint,
            insurance_fund: p.insurance_fund,
            insurance_vault: p.insurance_vault,
            token_program: anchor_spl::token::ID,
        },
        data::SettleBadDebt {},
    )
}

/// View: simulate it and decode the return data as `lending_pool::state::Settlement`.
pub fn preview_settle(p: &PoolAddresses, position: &Pubkey) -> Instruction {
    build(
        acc::PreviewSettle {
            pool: p.pool,
            position: *position,
            lp_mint: p.lp_mint,
            insurance_fund: p.insurance_fund,
        },
        data::PreviewSettle {},
    )
}
