use crate::events::emit_cpi;
use crate::{errors::LendingError, events::CollateralRetired, state::Pool};
use anchor_lang::prelude::*;

/// The admin retires a delisted collateral slot (LTV 0) whose newest accepted price is more
/// than a day old: its feed stopped, so nothing could value the positions holding it. A
/// retired slot needs no oracle and is worth zero in health, marks and liquidation; a
/// position whose only holdings are retired is bankrupt and settles, forfeiting them.
/// Final: a retired slot cannot be updated.
#[event_cpi]
#[derive(Accounts)]
pub struct RetireCollateral<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ LendingError::NotAdmin)]
    pub pool: AccountLoader<'info, Pool>,
}

pub fn handle_retire_collateral(ctx: Context<RetireCollateral>, slot: u8) -> Result<()> {
    let clock = Clock::get()?;
    let before = ctx
        .accounts
        .pool
        .load_mut()?
        .retire_collateral(slot as usize, clock.unix_timestamp)?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &CollateralRetired {
            pool: ctx.accounts.pool.key(),
            collateral_slot: slot,
            mint: before.mint,
            newest_price_ts: before.newest_price_ts,
            total_deposited: before.total_deposited,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )
}
