use crate::events::emit_cpi;
use crate::{constants::pause, errors::LendingError, events::PauseFlagsSet, state::Pool};
use anchor_lang::prelude::*;

/// The guardian or the admin sets the per-operation pause flags (`constants::pause`), pausing
/// or resuming any operation.
#[event_cpi]
#[derive(Accounts)]
pub struct SetPause<'info> {
    #[account(
        constraint = authority.key() == pool.load()?.guardian
            || authority.key() == pool.load()?.admin @ LendingError::NotGuardianOrAdmin,
    )]
    pub authority: Signer<'info>,
    #[account(mut)]
    pub pool: AccountLoader<'info, Pool>,
}

pub fn handle_set_pause(ctx: Context<SetPause>, flags: u16) -> Result<()> {
    require!(flags & !pause::ALL == 0, LendingError::InvalidPauseFlags);
    let before = {
        let mut pool = ctx.accounts.pool.load_mut()?;
        core::mem::replace(&mut pool.pause_flags, flags)
    };
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &PauseFlagsSet {
            pool: ctx.accounts.pool.key(),
            authority: ctx.accounts.authority.key(),
            before,
            after: flags,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
