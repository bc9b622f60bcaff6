use crate::{
    errors::LendingError,
    events::ConfigUpdated,
    state::{Pool, PoolConfig},
};
use anchor_lang::prelude::*;

/// The admin replaces the pool's risk and interest parameters (same bounds as `init_pool`).
#[derive(Accounts)]
pub struct UpdateConfig<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ LendingError::NotAdmin)]
    pub pool: AccountLoader<'info, Pool>,
}

pub fn handle_update_config(ctx: Context<UpdateConfig>, config: PoolConfig) -> Result<()> {
    config.validate()?;
    let before = {
        let mut pool = ctx.accounts.pool.load_mut()?;
        core::mem::replace(&mut pool.config, config)
    };
    let clock = Clock::get()?;
    emit!(ConfigUpdated {
        pool: ctx.accounts.pool.key(),
        admin: ctx.accounts.admin.key(),
        before,
        after: config,
        slot: clock.slot,
        timestamp: clock.unix_timestamp,
    });
    Ok(())
}
