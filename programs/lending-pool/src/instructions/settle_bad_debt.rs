use crate::events::emit_cpi;
use crate::token_accounts::mint_supply;
use crate::{
    checks::check_books,
    events::BadDebtSettled,
    instructions::accrue_interest::accrue_and_emit,
    state::{InsuranceFund, Pool, Position},
    token_ops::{self, PoolSigner},
};
use anchor_lang::prelude::*;
use anchor_spl::token::Token;

/// Permissionless: settles a bankrupt position (debt, no collateral) through the loss
/// waterfall. Needs no oracle: zero collateral is the precondition.
#[event_cpi]
#[derive(Accounts)]
pub struct SettleBadDebt<'info> {
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
    pub token_program: Program<'info, Token>,
}

pub fn handle_settle_bad_debt(ctx: Context<SettleBadDebt>) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let (ev, moved, signer) = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        let mut fund = a.insurance_fund.load_mut()?;
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let s = pool.settle_bad_debt(
            &mut pos,
            &mut fund,
            mint_supply(&a.lp_mint)?,
            clock.unix_timestamp,
        )?;
        let ev = BadDebtSettled::of(&pool, a.pool.key(), a.position.key(), &s, &clock);
        (ev, s.from_insurance_vault, PoolSigner::of(&pool))
    };
    if moved > 0 {
        token_ops::transfer_from_pool(
            &signer,
            &a.token_program.to_account_info(),
            &a.insurance_vault.to_account_info(),
            &a.base_vault.to_account_info(),
            &a.pool.to_account_info(),
            moved,
        )?;
    }
    emit_cpi(&ctx.accounts.event_authority, &ev)?;
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
