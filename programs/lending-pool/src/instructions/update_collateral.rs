use crate::events::emit_cpi;
use crate::{
    errors::LendingError,
    events::CollateralUpdated,
    state::{CollateralParams, Pool},
};
use anchor_lang::prelude::*;

/// The admin replaces a collateral asset's risk parameters: its Pyth feed id (a feed
/// migration), LTV, liquidation threshold, bonus and deposit cap, within the bounds of
/// `add_collateral`; LTV 0 delists it. Lowering the threshold can make positions
/// liquidatable at once: that is the admin's call, announced by the event.
#[event_cpi]
#[derive(Accounts)]
pub struct UpdateCollateral<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ LendingError::NotAdmin)]
    pub pool: AccountLoader<'info, Pool>,
}

pub fn handle_update_collateral(
    ctx: Context<UpdateCollateral>,
    slot: u8,
    params: CollateralParams,
) -> Result<()> {
    let (mint, before) = {
        let mut pool = ctx.accounts.pool.load_mut()?;
        let before = pool.update_collateral(slot as usize, params)?;
        (pool.collaterals[slot as usize].mint, before)
    };
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &CollateralUpdated {
            pool: ctx.accounts.pool.key(),
            collateral_slot: slot,
            mint,
            before,
            after: params,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
