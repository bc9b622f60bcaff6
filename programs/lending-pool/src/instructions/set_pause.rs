use crate::events::emit_cpi;
use crate::{
    errors::LendingError, events::PauseFlagsSet, instructions::accrue_interest::lapse_and_emit,
    state::Pool,
};
use anchor_lang::prelude::*;

/// The guardian or the admin sets the per-operation pause flags (`constants::pause`), pausing
/// or resuming any operation within the guardian's bounds (`state/pool/pause.rs`): defences
/// are paused only with liquidation, and the guardian's flags lapse after `max_pause_secs`.
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
    let clock = Clock::get()?;
    let change = {
        let mut pool = ctx.accounts.pool.load_mut()?;
        let by_admin = ctx.accounts.authority.key() == pool.admin;
        let key = ctx.accounts.pool.key();
        lapse_and_emit(
            &mut pool,
            key,
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        pool.set_pause(flags, by_admin, clock.unix_timestamp)?
    };
    emit_cpi(
        &ctx.accounts.event_authority,
        &PauseFlagsSet {
            pool: ctx.accounts.pool.key(),
            authority: ctx.accounts.authority.key(),
            before: change.before,
            after: change.after,
            guardian_flags: change.guardian_flags,
            guardian_expires_ts: change.guardian_expires_ts,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
