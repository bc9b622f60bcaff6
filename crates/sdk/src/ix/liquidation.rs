//! Liquidation, the loss waterfall and its preview.
use super::{build, with_oracles};
use crate::PoolAddresses;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::{accounts as acc, instruction as data};

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
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
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
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
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

/// Anyone marks `position`'s shortfall at spot prices. `oracles`: one `PriceUpdateV2` per
/// collateral slot the position holds, in slot order.
pub fn mark_shortfall(
    pool: &Pubkey,
    position: &Pubkey,
    marker: &Pubkey,
    base_oracle: &Pubkey,
    oracles: &[Pubkey],
) -> Instruction {
    with_oracles(
        build(
            acc::MarkShortfall {
                marker: *marker,
                pool: *pool,
                position: *position,
                base_oracle: *base_oracle,
                event_authority: crate::pda::event_authority(),
                program: crate::PROGRAM_ID,
            },
            data::MarkShortfall {},
        ),
        oracles,
    )
}

/// View: simulate it and decode the return data as `lending_pool::instructions::MarkPreview`.
pub fn preview_mark(
    p: &PoolAddresses,
    position: &Pubkey,
    base_oracle: &Pubkey,
    oracles: &[Pubkey],
) -> Instruction {
    with_oracles(
        build(
            acc::PreviewMark {
                pool: p.pool,
                position: *position,
                lp_mint: p.lp_mint,
                insurance_fund: p.insurance_fund,
                base_oracle: *base_oracle,
            },
            data::PreviewMark {},
        ),
        oracles,
    )
}
