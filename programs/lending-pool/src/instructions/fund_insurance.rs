use crate::events::emit_cpi;
use crate::token_accounts::{distinct, token_mint};
use crate::{
    checks::check_books,
    errors::LendingError,
    events::InsuranceFunded,
    state::{InsuranceFund, Operation, Pool},
    token_ops,
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// Anyone donates base tokens to the pool's insurance fund; the ledger records them.
#[event_cpi]
#[derive(Accounts)]
pub struct FundInsurance<'info> {
    #[account(constraint = distinct(&[insurance_vault.key, source.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub donor: Signer<'info>,
    #[account(has_one = base_vault, has_one = insurance_fund, has_one = insurance_vault)]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    pub base_vault: UncheckedAccount<'info>,
    #[account(mut)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&source)? == token_mint(&insurance_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub source: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_fund_insurance(ctx: Context<FundInsurance>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    {
        // a lapsed guardian pause no longer applies (the pool is read-only here: the next
        // instruction that writes it records the lapse)
        let mut pool = *a.pool.load()?;
        pool.lapse_guardian_pauses(clock.unix_timestamp);
        pool.require_allowed(Operation::FundInsurance)?;
    }
    require!(amount > 0, LendingError::ZeroAmount);
    let (balance_before, balance_after, total_donations_after) = {
        let mut fund = a.insurance_fund.load_mut()?;
        let before = fund.balance()?;
        fund.record_donation(amount)?;
        (before, fund.balance()?, fund.total_donations_in)
    };
    token_ops::transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.insurance_vault.to_account_info(),
        &a.donor.to_account_info(),
        amount,
    )?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &InsuranceFunded {
            pool: a.pool.key(),
            donor: a.donor.key(),
            amount,
            balance_before,
            balance_after,
            total_donations_after,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
