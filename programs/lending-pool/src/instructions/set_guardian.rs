use crate::events::emit_cpi;
use crate::{errors::LendingError, events::GuardianSet, state::Pool};
use anchor_lang::prelude::*;

/// The admin names a new guardian (the key that may pause and resume operations).
#[event_cpi]
#[derive(Accounts)]
pub struct SetGuardian<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ LendingError::NotAdmin)]
    pub pool: AccountLoader<'info, Pool>,
}

pub fn handle_set_guardian(ctx: Context<SetGuardian>, guardian: Pubkey) -> Result<()> {
    let before = {
        let mut pool = ctx.accounts.pool.load_mut()?;
        core::mem::replace(&mut pool.guardian, guardian)
    };
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &GuardianSet {
            pool: ctx.accounts.pool.key(),
            admin: ctx.accounts.admin.key(),
            before,
            after: guardian,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
