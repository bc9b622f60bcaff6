use crate::events::emit_cpi;
use crate::token_accounts::{distinct, token_mint};
use crate::{
    checks::check_books,
    events::{InsuranceBooks, Staked},
    instructions::accrue_interest::accrue_and_emit,
    state::{InsuranceFund, InsuranceStake, Operation, Pool},
    token_ops,
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// A staker puts base tokens into the insurance fund for insurance shares, priced against
/// the fund's whole value (ledger plus pending interest; rounded down).
#[event_cpi]
#[derive(Accounts)]
pub struct Stake<'info> {
    #[account(constraint = distinct(&[insurance_vault.key, source.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub owner: Signer<'info>,
    #[account(mut, has_one = base_vault, has_one = insurance_fund, has_one = insurance_vault)]
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
    #[account(mut, has_one = pool, has_one = owner)]
    pub stake: AccountLoader<'info, InsuranceStake>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&source)? == token_mint(&insurance_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub source: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_stake(ctx: Context<Stake>, amount: u64, min_shares_out: u64) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let ev = {
        let mut pool = a.pool.load_mut()?;
        pool.require_allowed(Operation::Stake)?;
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let mut fund = a.insurance_fund.load_mut()?;
        let mut st = a.stake.load_mut()?;
        let value = pool.insurance_value(fund.balance()?)?;
        let before = InsuranceBooks::of(value, &fund);
        let flow = fund.stake(&mut st, amount, value, min_shares_out)?;
        let after = InsuranceBooks::of(pool.insurance_value(fund.balance()?)?, &fund);
        Staked {
            pool: a.pool.key(),
            staker: a.owner.key(),
            stake: a.stake.key(),
            amount,
            shares: flow.shares,
            protocol_shares_minted: flow.protocol_shares_minted,
            stake_shares_after: st.shares,
            before,
            after,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        }
    };
    token_ops::transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.insurance_vault.to_account_info(),
        &a.owner.to_account_info(),
        amount,
    )?;
    emit_cpi(&ctx.accounts.event_authority, &ev)?;
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
