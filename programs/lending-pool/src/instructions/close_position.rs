use crate::events::emit_cpi;
use crate::{
    errors::LendingError,
    events::PositionClosed,
    state::{Pool, Position},
};
use anchor_lang::prelude::*;

/// The owner closes an empty position (no debt, no collateral); the rent goes back to them.
#[event_cpi]
#[derive(Accounts)]
pub struct ClosePosition<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut, close = owner, has_one = owner, has_one = pool)]
    pub position: AccountLoader<'info, Position>,
}

pub fn handle_close_position(ctx: Context<ClosePosition>) -> Result<()> {
    require!(
        ctx.accounts.position.load()?.is_empty(),
        LendingError::PositionNotEmpty
    );
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &PositionClosed {
            pool: ctx.accounts.pool.key(),
            position: ctx.accounts.position.key(),
            owner: ctx.accounts.owner.key(),
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
