use crate::events::emit_cpi;
use crate::{errors::LendingError, events::AdminTransferAccepted, state::Pool};
use anchor_lang::prelude::*;

/// Step two of the admin hand-over: the proposed admin signs and takes over.
#[event_cpi]
#[derive(Accounts)]
pub struct AcceptAdmin<'info> {
    pub new_admin: Signer<'info>,
    #[account(
        mut,
        constraint = pool.load()?.pending_admin == new_admin.key() @ LendingError::NotPendingAdmin,
    )]
    pub pool: AccountLoader<'info, Pool>,
}

pub fn handle_accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
    let new_admin = ctx.accounts.new_admin.key();
    let admin_before = {
        let mut pool = ctx.accounts.pool.load_mut()?;
        pool.pending_admin = Pubkey::default();
        core::mem::replace(&mut pool.admin, new_admin)
    };
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &AdminTransferAccepted {
            pool: ctx.accounts.pool.key(),
            admin_before,
            admin_after: new_admin,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
