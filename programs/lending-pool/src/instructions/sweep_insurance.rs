use crate::events::emit_cpi;
use crate::{
    checks::check_books,
    events::InsuranceSwept,
    instructions::accrue_interest::accrue_and_emit,
    state::{InsuranceFund, Pool},
    token_ops::{self, PoolSigner},
};
use anchor_lang::prelude::*;
use anchor_spl::token::Token;

/// Permissionless: moves the insurance fund's pending share of interest out of the pool's
/// cash into the insurance vault, as far as cash allows.
#[event_cpi]
#[derive(Accounts)]
pub struct SweepInsurance<'info> {
    #[account(mut, has_one = base_vault, has_one = insurance_fund, has_one = insurance_vault)]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub base_vault: UncheckedAccount<'info>,
    #[account(mut)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub insurance_vault: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_sweep_insurance(ctx: Context<SweepInsurance>) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let (ev, signer) = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let mut fund = a.insurance_fund.load_mut()?;
        let ev = sweep_pending(&mut pool, &mut fund, a.pool.key(), &clock)?;
        (ev, PoolSigner::of(&pool))
    };
    if ev.amount > 0 {
        token_ops::transfer_from_pool(
            &signer,
            &a.token_program.to_account_info(),
            &a.base_vault.to_account_info(),
            &a.insurance_vault.to_account_info(),
            &a.pool.to_account_info(),
            ev.amount,
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

/// Books the sweep of the fund's pending interest share (as far as cash allows) into the
/// fund's ledger; the caller moves `amount` from the base vault to the insurance vault and
/// emits the event. `sweep_insurance` and `unstake` (which pays out of everything the fund
/// owns) both sweep this way.
pub(crate) fn sweep_pending(
    pool: &mut Pool,
    fund: &mut InsuranceFund,
    pool_key: Pubkey,
    clock: &Clock,
) -> Result<InsuranceSwept> {
    let pending_before = pool.insurance_pending;
    let amount = pool.sweep_insurance()?;
    fund.record_interest(amount)?;
    Ok(InsuranceSwept {
        pool: pool_key,
        amount,
        insurance_pending_before: pending_before,
        insurance_pending_after: pool.insurance_pending,
        cash_after: pool.cash,
        insurance_balance_after: fund.balance()?,
        slot: clock.slot,
        timestamp: clock.unix_timestamp,
    })
}
