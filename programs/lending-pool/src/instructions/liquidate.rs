use crate::events::emit_cpi;
use crate::token_accounts::{distinct, mint_supply, token_mint};
use crate::{
    checks::{check_books, check_collateral_vault},
    errors::LendingError,
    events::{BadDebtSettled, Liquidated, ShortfallMarked},
    instructions::accrue_interest::accrue_and_emit,
    math::PriceMode,
    oracle::load_position_prices,
    state::{mark_reason, InsuranceFund, LiquidationRequest, Pool, Position},
    token_ops::{PoolSigner, TokenMoves},
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// Permissionless: repays part of an unhealthy position's debt for its collateral plus a
/// bonus. Remaining accounts: one `PriceUpdateV2` per collateral slot the position holds,
/// in slot order. Self-liquidation is allowed: the bonus comes out of the owner's own
/// collateral and the fee goes to insurance, so it cannot extract value from the pool.
#[event_cpi]
#[derive(Accounts)]
pub struct Liquidate<'info> {
    #[account(constraint = distinct(&[base_vault.key, insurance_vault.key, collateral_vault.key, liquidator_base.key, liquidator_collateral.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub liquidator: Signer<'info>,
    #[account(
        mut,
        has_one = base_vault, has_one = lp_mint,
        has_one = insurance_fund, has_one = insurance_vault,
    )]
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut, has_one = pool)]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub base_vault: UncheckedAccount<'info>,
    /// CHECK: the pool's LP mint (`has_one`), read in place (`token_accounts.rs`).
    pub lp_mint: UncheckedAccount<'info>,
    #[account(mut)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub collateral_vault: UncheckedAccount<'info>,
    /// Pays the repayment and the fee.
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&liquidator_base)? == token_mint(&base_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub liquidator_base: UncheckedAccount<'info>,
    /// Receives the collateral.
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&liquidator_collateral)? == token_mint(&collateral_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub liquidator_collateral: UncheckedAccount<'info>,
    /// CHECK: the base asset's `PriceUpdateV2`; owner, layout and feed id checked by `load_price`.
    pub base_oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

/// What the handler needs after the books are done.
struct Outcome {
    repay: u64,
    fee: u64,
    collateral_out: u64,
    liquidated: Liquidated,
    settled: Option<(BadDebtSettled, u64)>,
    mark: Option<ShortfallMarked>,
    signer: PoolSigner,
}

pub fn handle_liquidate<'info>(
    ctx: Context<'info, Liquidate<'info>>,
    repay_amount: u64,
    slot: u8,
    min_collateral_out: u64,
) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let now = clock.unix_timestamp;
    let req = LiquidationRequest {
        slot: slot as usize,
        repay_amount,
        min_collateral_out,
    };
    let out = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        let mut fund = a.insurance_fund.load_mut()?;
        require_keys_eq!(
            a.collateral_vault.key(),
            pool.collateral(req.slot)?.vault,
            LendingError::WrongCollateralVault
        );
        accrue_and_emit(&mut pool, a.pool.key(), now, &ctx.accounts.event_authority)?;
        let prices = load_position_prices(
            &pool,
            &pos,
            &a.base_oracle,
            ctx.remaining_accounts,
            now,
            PriceMode::Spot,
        )?;
        let o = pool.liquidate(
            &mut pos,
            &mut fund,
            req,
            &prices,
            mint_supply(&a.lp_mint)?,
            now,
        )?;
        // the liquidation's own books, before any settlement
        let liquidated = Liquidated {
            pool: a.pool.key(),
            position: a.position.key(),
            owner: pos.owner,
            liquidator: a.liquidator.key(),
            collateral_slot: slot,
            repaid: o.repaid,
            collateral_out: o.collateral_out,
            fee: o.fee,
            full_close_allowed: o.full_close_allowed,
            position_debt_before: o.position_debt_before,
            position_debt_after: o.position_debt_after,
            position_collateral_before: o.position_collateral_before,
            position_collateral_after: o.position_collateral_after,
            health_before_wad: o.health_before_wad,
            health_after_wad: o.health_after_wad,
            cash_after: o.cash_after,
            total_debt_after: o.total_debt_after,
            slot: clock.slot,
            timestamp: now,
        };
        let settled = o.settlement.map(|s| {
            let ev = BadDebtSettled::of(&pool, a.pool.key(), a.position.key(), &s, &clock);
            (ev, s.from_insurance_vault)
        });
        let keys = [a.pool.key(), a.position.key(), a.liquidator.key()];
        let mark = o.mark.map(|c| {
            ShortfallMarked::of(
                keys,
                mark_reason::LIQUIDATION,
                o.position_debt_after,
                &c,
                &clock,
            )
        });
        Outcome {
            mark,
            repay: o.repaid,
            fee: o.fee,
            collateral_out: o.collateral_out,
            liquidated,
            settled,
            signer: PoolSigner::of(&pool),
        }
    };

    // every token move in one CPI; the events follow in their order
    let token_program = a.token_program.to_account_info();
    let pool_info = a.pool.to_account_info();
    let liquidator = a.liquidator.to_account_info();
    let source = a.liquidator_base.to_account_info();
    let base_vault = a.base_vault.to_account_info();
    let insurance_vault = a.insurance_vault.to_account_info();
    let mut moves = TokenMoves::new(&token_program, Some((&pool_info, &out.signer)));
    moves.transfer(&source, &base_vault, &liquidator, out.repay);
    if out.fee > 0 {
        moves.transfer(&source, &insurance_vault, &liquidator, out.fee);
    }
    moves.transfer(
        &a.collateral_vault.to_account_info(),
        &a.liquidator_collateral.to_account_info(),
        &pool_info,
        out.collateral_out,
    );
    if let Some((_, moved @ 1..)) = out.settled {
        moves.transfer(&insurance_vault, &base_vault, &pool_info, moved);
    }
    moves.send()?;
    emit_cpi(&ctx.accounts.event_authority, &out.liquidated)?;
    if let Some((ev, _)) = out.settled {
        emit_cpi(&ctx.accounts.event_authority, &ev)?;
    }
    if let Some(m) = out.mark {
        emit_cpi(&ctx.accounts.event_authority, &m)?;
    }
    check_collateral_vault(&a.pool, req.slot, &a.collateral_vault.to_account_info())?;
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
