use crate::events::emit_cpi;
use crate::token_accounts::{mint_supply, token_amount, token_mint, token_owner};
use crate::{
    constants::{EXIT_ESCROW_SEED, EXIT_REQUEST_SEED},
    events::{ExitRequested, LpBooks},
    instructions::accrue_interest::accrue_and_emit,
    state::{ExitRequest, InsuranceFund, Pool},
    token_ops::transfer_from_user,
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::{Token, TokenAccount};

/// While the pool is stressed (uncovered marked losses, or the breaker), an LP exit is a
/// request: `shares` move into the request's escrow at their value at the exit price now
/// (at least `min_assets`); `complete_exit` pays the lesser of that and their value then,
/// `exit_delay_secs` later. One request per LP and pool at a time.
#[event_cpi]
#[derive(Accounts)]
pub struct RequestExit<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(mut, has_one = lp_mint, has_one = insurance_fund)]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: the pool's LP mint (`has_one`), read in place (`token_accounts.rs`).
    pub lp_mint: UncheckedAccount<'info>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// The owner's LP token account the shares come from.
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in the CPI.
    #[account(mut, constraint = token_mint(&lp_source)? == lp_mint.key() @ ErrorCode::ConstraintTokenMint, constraint = token_owner(&lp_source)? == owner.key() @ ErrorCode::ConstraintTokenOwner)]
    pub lp_source: UncheckedAccount<'info>,
    #[account(
        init, payer = owner, space = ExitRequest::SPACE,
        seeds = [EXIT_REQUEST_SEED, pool.key().as_ref(), owner.key().as_ref()], bump,
    )]
    pub exit_request: AccountLoader<'info, ExitRequest>,
    #[account(
        init, payer = owner,
        seeds = [EXIT_ESCROW_SEED, exit_request.key().as_ref()], bump,
        token::mint = lp_mint, token::authority = pool,
    )]
    pub escrow: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handle_request_exit(ctx: Context<RequestExit>, shares: u64, min_assets: u64) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let now = clock.unix_timestamp;
    let supply = mint_supply(&a.lp_mint)?;
    let ev = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(&mut pool, a.pool.key(), now, &ctx.accounts.event_authority)?;
        let ledger = a.insurance_fund.load()?.balance()?;
        let held = token_amount(&a.lp_source)?;
        let terms = pool.request_exit(shares, supply, ledger, held, min_assets, now)?;
        let mut req = a.exit_request.load_init()?;
        req.pool = a.pool.key();
        req.owner = a.owner.key();
        req.shares = terms.shares;
        req.value_at_request = terms.value_at_request;
        req.requested_ts = now;
        req.matures_ts = terms.matures_ts;
        req.bump = ctx.bumps.exit_request;
        req.escrow_bump = ctx.bumps.escrow;
        ExitRequested {
            pool: a.pool.key(),
            owner: a.owner.key(),
            exit_request: a.exit_request.key(),
            shares,
            value_at_request: terms.value_at_request,
            min_assets,
            matures_ts: terms.matures_ts,
            books: LpBooks::of(&pool, supply, ledger)?,
            slot: clock.slot,
            timestamp: now,
        }
    };
    transfer_from_user(
        &a.token_program.to_account_info(),
        &a.lp_source.to_account_info(),
        &a.escrow.to_account_info(),
        &a.owner.to_account_info(),
        shares,
    )?;
    emit_cpi(&ctx.accounts.event_authority, &ev)
}
