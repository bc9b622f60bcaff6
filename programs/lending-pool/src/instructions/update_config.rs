use crate::events::emit_cpi;
use crate::{
    errors::LendingError,
    events::ConfigUpdated,
    instructions::accrue_interest::accrue_and_emit,
    state::{Pool, PoolConfig},
};
use anchor_lang::prelude::*;

/// The admin replaces the pool's risk and interest parameters (same bounds as `init_pool`).
#[event_cpi]
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
        // the liquidation fee stays below every collateral's bonus
        let n = pool.num_collaterals as usize;
        require!(
            pool.collaterals[..n]
                .iter()
                .all(|c| c.liquidation_bonus_bps > config.liquidation_fee_bps),
            LendingError::InvalidLiquidationFee
        );
        // rates change from now on: interest so far accrues at the old curve
        accrue_and_emit(
            &mut pool,
            ctx.accounts.pool.key(),
            Clock::get()?.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        core::mem::replace(&mut pool.config, config)
    };
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &ConfigUpdated {
            pool: ctx.accounts.pool.key(),
            admin: ctx.accounts.admin.key(),
            before,
            after: config,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
