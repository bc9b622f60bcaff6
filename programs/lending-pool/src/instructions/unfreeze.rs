use crate::events::emit_cpi;
use crate::token_accounts::mint_supply;
use crate::{
    errors::LendingError, events::PoolUnfrozen, instructions::accrue_interest::accrue_and_emit,
    state::Pool,
};
use anchor_lang::prelude::*;

/// The guardian or the admin reopens a frozen pool once its LPs have equity again
/// (`lp_assets > 0`, e.g. after `recapitalize`) or no LP shares are left.
#[event_cpi]
#[derive(Accounts)]
pub struct Unfreeze<'info> {
    #[account(
        constraint = authority.key() == pool.load()?.guardian
            || authority.key() == pool.load()?.admin @ LendingError::NotGuardianOrAdmin,
    )]
    pub authority: Signer<'info>,
    #[account(mut, has_one = lp_mint)]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: the pool's LP mint (`has_one`), read in place (`token_accounts.rs`).
    pub lp_mint: UncheckedAccount<'info>,
}

pub fn handle_unfreeze(ctx: Context<Unfreeze>) -> Result<()> {
    let clock = Clock::get()?;
    let supply = mint_supply(&ctx.accounts.lp_mint)?;
    let (lp_assets, share_price_wad) = {
        let mut pool = ctx.accounts.pool.load_mut()?;
        accrue_and_emit(
            &mut pool,
            ctx.accounts.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        (pool.unfreeze(supply)?, pool.share_price_wad(supply)?)
    };
    emit_cpi(
        &ctx.accounts.event_authority,
        &PoolUnfrozen {
            pool: ctx.accounts.pool.key(),
            authority: ctx.accounts.authority.key(),
            lp_assets,
            lp_supply: supply,
            share_price_wad,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
