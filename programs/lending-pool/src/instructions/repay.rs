use crate::events::emit_cpi;
use crate::token_accounts::{distinct, token_mint};
use crate::{
    checks::check_books,
    events::{DebtChanged, ShortfallMarked},
    instructions::accrue_interest::accrue_and_emit,
    state::{mark_reason, InsuranceFund, Pool, Position},
    token_ops,
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// Anyone repays a position's debt; more than the debt repays exactly the debt.
#[event_cpi]
#[derive(Accounts)]
pub struct Repay<'info> {
    #[account(constraint = distinct(&[base_vault.key, source.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub payer: Signer<'info>,
    #[account(mut, has_one = base_vault, has_one = insurance_fund, has_one = insurance_vault)]
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut, has_one = pool)]
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
    #[account(mut, constraint = token_mint(&source)? == token_mint(&base_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub source: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_repay(ctx: Context<Repay>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let keys = [a.pool.key(), a.position.key(), a.payer.key()];
    let (ev, mark) = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let change = pool.repay(&mut pos, amount)?;
        let mark = pool.reduce_mark(&mut pos, clock.unix_timestamp)?;
        let ev = DebtChanged::of(keys, false, &change, &pool, &clock);
        let mark = mark.map(|c| {
            ShortfallMarked::of(
                keys,
                mark_reason::REPAYMENT,
                change.position_debt_after,
                &c,
                &clock,
            )
        });
        (ev, mark)
    };
    token_ops::transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.base_vault.to_account_info(),
        &a.payer.to_account_info(),
        ev.amount,
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
