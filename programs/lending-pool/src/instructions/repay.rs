use crate::{
    checks::check_books,
    events::{DebtChanged, ShortfallMarked},
    instructions::accrue_interest::accrue_and_emit,
    state::{mark_reason, InsuranceFund, Pool, Position},
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
    let keys = [a.pool.key(), a.position.key(), a.payer.key()];
    let (ev, mark) = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        accrue_and_emit(&mut pool, a.pool.key(), clock.unix_timestamp)?;
        let (cash_before, total_debt_before) = (pool.cash, pool.total_debt()?);
        let change = pool.repay(&mut pos, amount)?;
        let mark = pool.reduce_mark(&mut pos, change.amount, clock.unix_timestamp)?;
        let ev = DebtChanged::after(
            &pool,
            keys,
            false,
            &change,
            (cash_before, total_debt_before),
            &clock,
        )?;
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
    emit!(ev);
    if let Some(m) = mark {
        emit!(m);
    }
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
