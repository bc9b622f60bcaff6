use crate::events::emit_cpi;
use crate::token_accounts::{distinct, token_mint};
use crate::{
    checks::{check_books, require_within_borrow_limit},
    events::DebtChanged,
    instructions::{accrue_interest::accrue_and_emit, mark_shortfall::remark},
    state::{mark_reason, InsuranceFund, Pool, Position},
    token_ops::{self, PoolSigner},
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// The owner borrows base tokens against the position's collateral: within its borrow limit
/// at conservative prices, the pool's borrow cap and its available cash. Remaining
/// accounts: one `PriceUpdateV2` per collateral slot the position holds, in slot order.
#[event_cpi]
#[derive(Accounts)]
pub struct Borrow<'info> {
    #[account(constraint = distinct(&[base_vault.key, destination.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub owner: Signer<'info>,
    #[account(mut, has_one = base_vault, has_one = insurance_fund, has_one = insurance_vault)]
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut, has_one = pool, has_one = owner)]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub base_vault: UncheckedAccount<'info>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&destination)? == token_mint(&base_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub destination: UncheckedAccount<'info>,
    /// CHECK: the base asset's `PriceUpdateV2`; owner, layout and feed id checked by `load_price`.
    pub base_oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_borrow<'info>(ctx: Context<'info, Borrow<'info>>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let (ev, mark, signer) = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let change = pool.borrow(&mut pos, amount)?;
        let prices = require_within_borrow_limit(
            &pool,
            &pos,
            &a.base_oracle,
            ctx.remaining_accounts,
            clock.unix_timestamp,
        )?;
        let keys = [a.pool.key(), a.position.key(), a.owner.key()];
        let ev = DebtChanged::of(keys, true, &change, &pool, &clock);
        let mark = remark(
            &mut pool,
            &mut pos,
            prices,
            keys,
            mark_reason::BORROW,
            &clock,
        )?;
        (ev, mark, PoolSigner::of(&pool))
    };
    token_ops::transfer_from_pool(
        &signer,
        &a.token_program.to_account_info(),
        &a.base_vault.to_account_info(),
        &a.destination.to_account_info(),
        &a.pool.to_account_info(),
        amount,
    )?;
    emit_cpi(&ctx.accounts.event_authority, &ev)?;
    if let Some(m) = mark {
        emit_cpi(&ctx.accounts.event_authority, &m)?;
    }
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
