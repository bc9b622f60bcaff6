use crate::{
    checks::check_books,
    events::InsuranceSwept,
    instructions::accrue_interest::accrue_and_emit,
    state::{InsuranceFund, Pool},
    token_ops::{self, PoolSigner},
};
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

/// Permissionless: moves the insurance fund's pending share of interest out of the pool's
/// cash into the insurance vault, as far as cash allows.
#[derive(Accounts)]
pub struct SweepInsurance<'info> {
    #[account(mut, has_one = base_vault, has_one = insurance_fund, has_one = insurance_vault)]
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut)]
    pub base_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    #[account(mut)]
    pub insurance_vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_sweep_insurance(ctx: Context<SweepInsurance>) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let (amount, pending_before, pending_after, cash_after, signer) = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(&mut pool, a.pool.key(), clock.unix_timestamp)?;
        let pending_before = pool.insurance_pending;
        let amount = pool.sweep_insurance()?;
        (
            amount,
            pending_before,
            pool.insurance_pending,
            pool.cash,
            PoolSigner::of(&pool),
        )
    };
    let balance_after = {
        let mut fund = a.insurance_fund.load_mut()?;
        fund.record_interest(amount)?;
        fund.balance()?
    };
    if amount > 0 {
        token_ops::transfer_from_pool(
            &signer,
            &a.token_program.to_account_info(),
            &a.base_vault.to_account_info(),
            &a.insurance_vault.to_account_info(),
            &a.pool.to_account_info(),
            amount,
        )?;
    }
    emit!(InsuranceSwept {
        pool: a.pool.key(),
        amount,
        insurance_pending_before: pending_before,
        insurance_pending_after: pending_after,
        cash_after,
        insurance_balance_after: balance_after,
        slot: clock.slot,
        timestamp: clock.unix_timestamp,
    });
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
