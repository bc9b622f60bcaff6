use crate::events::emit_cpi;
use crate::token_accounts::{distinct, token_mint};
use crate::{
    checks::{check_collateral_vault, require_within_borrow_limit},
    errors::LendingError,
    events::CollateralChanged,
    instructions::{accrue_interest::accrue_and_emit, mark_shortfall::remark},
    state::{mark_reason, Pool, Position},
    token_ops::{self, PoolSigner},
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// The owner takes collateral out, only while the position stays within its borrow limit
/// at conservative prices. Remaining accounts: one `PriceUpdateV2` per collateral slot the
/// position still holds after the withdrawal, in slot order (none while it has no debt).
#[event_cpi]
#[derive(Accounts)]
pub struct WithdrawCollateral<'info> {
    #[account(constraint = distinct(&[collateral_vault.key, destination.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub owner: Signer<'info>,
    #[account(mut)]
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut, has_one = pool, has_one = owner)]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub collateral_vault: UncheckedAccount<'info>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&destination)? == token_mint(&collateral_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub destination: UncheckedAccount<'info>,
    /// CHECK: the base asset's `PriceUpdateV2`; owner, layout and feed id checked by `load_price`.
    pub base_oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_withdraw_collateral<'info>(
    ctx: Context<'info, WithdrawCollateral<'info>>,
    slot: u8,
    amount: u64,
) -> Result<()> {
    let a = &ctx.accounts;
    let slot = slot as usize;
    let clock = Clock::get()?;
    let (before, after, total, mark, signer) = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        require_keys_eq!(
            a.collateral_vault.key(),
            pool.collateral(slot)?.vault,
            LendingError::WrongCollateralVault
        );
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let before = pos.collateral[slot];
        pool.withdraw_collateral(&mut pos, slot, amount)?;
        let prices = require_within_borrow_limit(
            &pool,
            &pos,
            &a.base_oracle,
            ctx.remaining_accounts,
            clock.unix_timestamp,
        )?;
        let keys = [a.pool.key(), a.position.key(), a.owner.key()];
        let mark = remark(
            &mut pool,
            &mut pos,
            prices,
            keys,
            mark_reason::COLLATERAL,
            &clock,
        )?;
        (
            before,
            pos.collateral[slot],
            pool.collaterals[slot].total_deposited,
            mark,
            PoolSigner::of(&pool),
        )
    };
    token_ops::transfer_from_pool(
        &signer,
        &a.token_program.to_account_info(),
        &a.collateral_vault.to_account_info(),
        &a.destination.to_account_info(),
        &a.pool.to_account_info(),
        amount,
    )?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &CollateralChanged {
            pool: a.pool.key(),
            position: a.position.key(),
            actor: a.owner.key(),
            is_deposit: false,
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
