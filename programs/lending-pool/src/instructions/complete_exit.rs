use crate::events::emit_cpi;
use crate::token_accounts::{distinct, mint_supply, token_mint};
use crate::{
    checks::check_books,
    constants::EXIT_ESCROW_SEED,
    errors::LendingError,
    events::{ExitCompleted, LpBooks},
    instructions::accrue_interest::accrue_and_emit,
    state::{ExitRequest, InsuranceFund, Pool},
    token_ops::{close_pool_account, PoolSigner, TokenMoves},
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// Pays a matured exit request: its shares are burnt from the escrow and the owner receives
/// the lesser of their value at request and their value now, at the exit price, whether
/// the pool is still stressed or calm again. The request and its escrow close, their rent
/// back to the owner.
#[event_cpi]
#[derive(Accounts)]
pub struct CompleteExit<'info> {
    #[account(mut, constraint = distinct(&[base_vault.key, lp_mint.key, escrow.key, destination.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub owner: Signer<'info>,
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
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`).
    pub insurance_vault: UncheckedAccount<'info>,
    #[account(mut, close = owner, has_one = owner, has_one = pool)]
    pub exit_request: AccountLoader<'info, ExitRequest>,
    /// CHECK: the request's escrow (its PDA); the token program checks it in each CPI.
    #[account(mut, seeds = [EXIT_ESCROW_SEED, exit_request.key().as_ref()], bump = exit_request.load()?.escrow_bump)]
    pub escrow: UncheckedAccount<'info>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(
        mut,
        constraint = token_mint(&destination)? == token_mint(&base_vault)? @ ErrorCode::ConstraintTokenMint,
        constraint = destination.key() != base_vault.key()
            && destination.key() != insurance_vault.key() @ LendingError::DestinationIsPoolVault,
    )]
    pub destination: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_complete_exit(ctx: Context<CompleteExit>) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let now = clock.unix_timestamp;
    let supply = mint_supply(&a.lp_mint)?;
    let (ev, signer) = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(&mut pool, a.pool.key(), now, &ctx.accounts.event_authority)?;
        let ledger = a.insurance_fund.load()?.balance()?;
        let req = *a.exit_request.load()?;
        let before = LpBooks::of(&pool, supply, ledger)?;
        let paid = pool.complete_exit(&req, supply, ledger, now)?;
        let supply_after = supply
            .checked_sub(paid.flow.shares)
            .ok_or(LendingError::MathOverflow)?;
        let ev = ExitCompleted {
            pool: a.pool.key(),
            owner: a.owner.key(),
            exit_request: a.exit_request.key(),
            destination: a.destination.key(),
            shares: paid.flow.shares,
            value_at_request: req.value_at_request,
            value_now: paid.value_now,
            assets: paid.flow.assets,
            requested_ts: req.requested_ts,
            before,
            after: LpBooks::of(&pool, supply_after, ledger)?,
            slot: clock.slot,
            timestamp: now,
        };
        (ev, PoolSigner::of(&pool))
    };
    let token_program = a.token_program.to_account_info();
    let pool_info = a.pool.to_account_info();
    let escrow = a.escrow.to_account_info();
    let mut moves = TokenMoves::new(&token_program, Some((&pool_info, &signer)));
    moves
        .burn(&a.lp_mint.to_account_info(), &escrow, &pool_info, ev.shares)
        .transfer(
            &a.base_vault.to_account_info(),
            &a.destination.to_account_info(),
            &pool_info,
            ev.assets,
        );
    moves.send()?;
    close_pool_account(
        &signer,
        &token_program,
        &escrow,
        &a.owner.to_account_info(),
        &pool_info,
    )?;
    emit_cpi(&ctx.accounts.event_authority, &ev)?;
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
