use crate::events::emit_cpi;
use crate::token_accounts::{token_mint, token_owner};
use crate::{
    constants::EXIT_ESCROW_SEED,
    events::ExitCancelled,
    state::{ExitRequest, Pool},
    token_ops::{close_pool_account, transfer_from_pool, PoolSigner},
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// The owner cancels an exit request (never paused): its shares go back to the owner's LP
/// account, whatever they are worth now (a request never earns more than staying would),
/// and the request and its escrow close, their rent back to the owner.
#[event_cpi]
#[derive(Accounts)]
pub struct CancelExit<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(has_one = lp_mint)]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: the pool's LP mint (`has_one`), compared by key only.
    pub lp_mint: UncheckedAccount<'info>,
    #[account(mut, close = owner, has_one = owner, has_one = pool)]
    pub exit_request: AccountLoader<'info, ExitRequest>,
    /// CHECK: the request's escrow (its PDA); the token program checks it in each CPI.
    #[account(mut, seeds = [EXIT_ESCROW_SEED, exit_request.key().as_ref()], bump = exit_request.load()?.escrow_bump)]
    pub escrow: UncheckedAccount<'info>,
    /// The owner's LP token account the shares return to.
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`).
    #[account(mut, constraint = token_mint(&lp_destination)? == lp_mint.key() @ ErrorCode::ConstraintTokenMint, constraint = token_owner(&lp_destination)? == owner.key() @ ErrorCode::ConstraintTokenOwner)]
    pub lp_destination: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_cancel_exit(ctx: Context<CancelExit>) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let (req, signer) = {
        let req = *a.exit_request.load()?;
        (req, PoolSigner::of(&*a.pool.load()?))
    };
    let token_program = a.token_program.to_account_info();
    let pool_info = a.pool.to_account_info();
    let escrow = a.escrow.to_account_info();
    transfer_from_pool(
        &signer,
        &token_program,
        &escrow,
        &a.lp_destination.to_account_info(),
        &pool_info,
        req.shares,
    )?;
    close_pool_account(
        &signer,
        &token_program,
        &escrow,
        &a.owner.to_account_info(),
        &pool_info,
    )?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &ExitCancelled {
            pool: a.pool.key(),
            owner: a.owner.key(),
            exit_request: a.exit_request.key(),
            shares: req.shares,
            value_at_request: req.value_at_request,
            requested_ts: req.requested_ts,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )
}
