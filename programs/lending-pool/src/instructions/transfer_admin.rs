use crate::events::emit_cpi;
use crate::{errors::LendingError, events::AdminTransferProposed, state::Pool};
use anchor_lang::prelude::*;

/// Step one of the admin hand-over: the admin proposes `new_admin`, who must accept.
/// Proposing `Pubkey::default()` cancels a pending transfer.
#[event_cpi]
#[derive(Accounts)]
pub struct TransferAdmin<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ LendingError::NotAdmin)]
    pub pool: AccountLoader<'info, Pool>,
}

pub fn handle_transfer_admin(ctx: Context<TransferAdmin>, new_admin: Pubkey) -> Result<()> {
    let pending_before = {
        let mut pool = ctx.accounts.pool.load_mut()?;
        core::mem::replace(&mut pool.pending_admin, new_admin)
    };
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &AdminTransferProposed {
            pool: ctx.accounts.pool.key(),
            admin: ctx.accounts.admin.key(),
            pending_before,
            pending_after: new_admin,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
