use crate::{instructions::accrue, state::Pool};
use anchor_lang::prelude::*;

/// Permissionless: accrues the pool's interest up to now (keepers, indexers, frontends).
#[derive(Accounts)]
pub struct AccrueInterest<'info> {
    #[account(mut)]
    pub pool: AccountLoader<'info, Pool>,
}

pub fn handle_accrue_interest(ctx: Context<AccrueInterest>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    accrue(
        &mut *ctx.accounts.pool.load_mut()?,
        ctx.accounts.pool.key(),
        now,
    )
}
