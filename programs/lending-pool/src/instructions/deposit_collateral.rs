use crate::events::emit_cpi;
use crate::token_accounts::{distinct, token_mint};
use crate::{
    checks::check_collateral_vault,
    errors::LendingError,
    events::CollateralChanged,
    instructions::{accrue_interest::accrue_and_emit, mark_shortfall::remark},
    math::PriceMode,
    oracle::load_position_prices,
    state::{mark_reason, Pool, Position},
    token_ops,
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// The owner adds collateral of `slot` to their position. The base oracle is a named account
/// as in every priced instruction; remaining accounts: one `PriceUpdateV2` per collateral
/// slot held after the deposit, in slot order. They are read only when the position is
/// marked (it is re-marked at them); clients pass them always, so a top-up of a distressed
/// position does not fail on a mark the client did not know of.
#[event_cpi]
#[derive(Accounts)]
pub struct DepositCollateral<'info> {
    #[account(constraint = distinct(&[collateral_vault.key, source.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub depositor: Signer<'info>,
    #[account(mut)]
    pub pool: AccountLoader<'info, Pool>,
    /// Only the owner adds collateral: a stranger adding a sliver of another asset could
    /// make liquidations depend on one more oracle.
    #[account(
        mut,
        has_one = pool,
        constraint = position.load()?.owner == depositor.key() @ LendingError::NotPositionOwner,
    )]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub collateral_vault: UncheckedAccount<'info>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&source)? == token_mint(&collateral_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub source: UncheckedAccount<'info>,
    /// CHECK: the base asset's `PriceUpdateV2`, named as in every priced instruction; owner,
    /// layout and feed id checked by `load_price` when the position is marked (and re-marked
    /// at the prices), not read otherwise.
    pub base_oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_deposit_collateral<'info>(
    ctx: Context<'info, DepositCollateral<'info>>,
    slot: u8,
    amount: u64,
) -> Result<()> {
    let a = &ctx.accounts;
    let slot = slot as usize;
    let clock = Clock::get()?;
    let (before, after, total, mark) = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        require_keys_eq!(
            a.collateral_vault.key(),
            pool.collateral(slot)?.vault,
            LendingError::WrongCollateralVault
        );
        let before = pos.collateral[slot];
        pool.deposit_collateral(&mut pos, slot, amount)?;
        // a marked position is re-marked with the collateral it now holds, at the base
        // oracle and the remaining accounts (one per held slot in slot order); an unmarked
        // one reads no prices
        let mark = if pos.marked_shortfall > 0 {
            let now = clock.unix_timestamp;
            accrue_and_emit(&mut pool, a.pool.key(), now, &ctx.accounts.event_authority)?;
            let prices = load_position_prices(
                &pool,
                &pos,
                &a.base_oracle,
                ctx.remaining_accounts,
                now,
                PriceMode::Spot,
            )?;
            let keys = [a.pool.key(), a.position.key(), a.depositor.key()];
            remark(
                &mut pool,
                &mut pos,
                Some(prices),
                keys,
                mark_reason::COLLATERAL,
                &clock,
            )?
        } else {
            None
        };
        (
            before,
            pos.collateral[slot],
            pool.collaterals[slot].total_deposited,
            mark,
        )
    };
    token_ops::transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.collateral_vault.to_account_info(),
        &a.depositor.to_account_info(),
        amount,
    )?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &CollateralChanged {
            pool: a.pool.key(),
            position: a.position.key(),
            actor: a.depositor.key(),
            is_deposit: true,
            collateral_slot: slot as u8,
            amount,
            position_amount_before: before,
            position_amount_after: after,
            total_deposited_after: total,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    if let Some(m) = mark {
        emit_cpi(&ctx.accounts.event_authority, &m)?;
    }
    check_collateral_vault(&a.pool, slot, &a.collateral_vault.to_account_info())
}
