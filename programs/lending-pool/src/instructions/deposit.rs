use crate::events::emit_cpi;
use crate::token_accounts::{distinct, mint_supply, token_mint};
use crate::{
    checks::check_books,
    errors::LendingError,
    events::{LpBooks, LpDeposited},
    instructions::accrue_interest::accrue_and_emit,
    state::{InsuranceFund, Pool},
    token_ops::{PoolSigner, TokenMoves},
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// An LP deposits base tokens and receives LP shares (rounded down) into any LP token account.
#[event_cpi]
#[derive(Accounts)]
pub struct Deposit<'info> {
    #[account(constraint = distinct(&[base_vault.key, lp_mint.key, source.key, lp_destination.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub depositor: Signer<'info>,
    #[account(
        mut,
        has_one = base_vault, has_one = lp_mint,
        has_one = insurance_fund, has_one = insurance_vault,
    )]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub base_vault: UncheckedAccount<'info>,
    /// CHECK: the pool's LP mint (`has_one`), read in place (`token_accounts.rs`).
    #[account(mut)]
    pub lp_mint: UncheckedAccount<'info>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    pub insurance_vault: UncheckedAccount<'info>,
    /// The depositor's base tokens (the token program checks they own it).
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&source)? == token_mint(&base_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub source: UncheckedAccount<'info>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&lp_destination)? == lp_mint.key() @ ErrorCode::ConstraintTokenMint)]
    pub lp_destination: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_deposit(ctx: Context<Deposit>, amount: u64, min_shares_out: u64) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let supply = mint_supply(&a.lp_mint)?;
    let (flow, before, after, signer) = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let ledger = a.insurance_fund.load()?.balance()?;
        let before = LpBooks::of(&pool, supply, ledger)?;
        let flow = pool.deposit(amount, supply, min_shares_out)?;
        let supply_after = supply
            .checked_add(flow.shares)
            .ok_or(LendingError::MathOverflow)?;
        (
            flow,
            before,
            LpBooks::of(&pool, supply_after, ledger)?,
            PoolSigner::of(&pool),
        )
    };
    let token_program = a.token_program.to_account_info();
    let pool_info = a.pool.to_account_info();
    let mut moves = TokenMoves::new(&token_program, Some((&pool_info, &signer)));
    moves
        .transfer(
            &a.source.to_account_info(),
            &a.base_vault.to_account_info(),
            &a.depositor.to_account_info(),
            flow.assets,
        )
        .mint_to(
            &a.lp_mint.to_account_info(),
            &a.lp_destination.to_account_info(),
            &pool_info,
            flow.shares,
        );
    moves.send()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &LpDeposited {
            pool: a.pool.key(),
            depositor: a.depositor.key(),
            lp_destination: a.lp_destination.key(),
            assets: flow.assets,
            shares: flow.shares,
            before,
            after,
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
