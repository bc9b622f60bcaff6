use crate::{
    checks::check_books,
    events::DebtChanged,
    instructions::accrue_interest::accrue_and_emit,
    state::{InsuranceFund, Pool, Position},
    token_ops,
};
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

/// Anyone repays a position's debt; more than the debt repays exactly the debt.
#[derive(Accounts)]
pub struct Repay<'info> {
    pub payer: Signer<'info>,
    #[account(mut, has_one = base_vault, has_one = insurance_fund, has_one = insurance_vault)]
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut, has_one = pool)]
    pub position: AccountLoader<'info, Position>,
    #[account(mut)]
    pub base_vault: Box<Account<'info, TokenAccount>>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    pub insurance_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = base_vault.mint)]
    pub source: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_repay(ctx: Context<Repay>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let ev = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        accrue_and_emit(&mut pool, a.pool.key(), clock.unix_timestamp)?;
        let (cash_before, total_debt_before) = (pool.cash, pool.total_debt()?);
        let change = pool.repay(&mut pos, amount)?;
        DebtChanged::after(
            &pool,
            [a.pool.key(), a.position.key(), a.payer.key()],
            false,
            &change,
            (cash_before, total_debt_before),
            &clock,
        )?
    };
    token_ops::transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.base_vault.to_account_info(),
        &a.payer.to_account_info(),
        ev.amount,
    )?;
    emit!(ev);
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
