use crate::{
    math::{PositionHealth, PriceMode},
    oracle::load_position_prices,
    state::{Pool, Position},
};
use anchor_lang::prelude::*;

/// What `position_health` returns (Borsh, through return data): the position at spot prices
/// (liquidation eligibility) and at conservative prices (what it may still borrow), with
/// interest accrued to now.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthReport {
    pub debt: u64,
    pub spot: PositionHealth,
    pub conservative: PositionHealth,
}

/// View (simulate it): a position's health. Remaining accounts as for `borrow`. Read-only:
/// interest is accrued on a copy of the pool.
#[derive(Accounts)]
pub struct PositionHealthView<'info> {
    pub pool: AccountLoader<'info, Pool>,
    #[account(has_one = pool)]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: the base asset's `PriceUpdateV2`; owner, layout and feed id checked by `load_price`.
    pub base_oracle: UncheckedAccount<'info>,
}

pub fn handle_position_health<'info>(
    ctx: Context<'info, PositionHealthView<'info>>,
) -> Result<HealthReport> {
    crate::cu_trace!("health: handler");
    let now = Clock::get()?.unix_timestamp;
    crate::cu_trace!("health: clock");
    let mut pool = *ctx.accounts.pool.load()?;
    crate::cu_trace!("health: pool copied");
    pool.accrue_interest(now)?;
    crate::cu_trace!("health: accrued");
    let pos = ctx.accounts.position.load()?;
    // conservative valuations need tight prices: validate them as a borrow would
    let prices = load_position_prices(
        &pool,
        &pos,
        &ctx.accounts.base_oracle,
        ctx.remaining_accounts,
        now,
        PriceMode::Conservative,
    )?;
    crate::cu_trace!("health: prices");
    // Anchor returns it as the instruction's return data
    let debt = pos.debt(pool.borrow_index.get())?;
    crate::cu_trace!("health: debt");
    let spot = pool
        .position_values_owing(&pos, debt, &prices, PriceMode::Spot)?
        .with_health()?;
    crate::cu_trace!("health: spot");
    let conservative = pool
        .position_values_owing(&pos, debt, &prices, PriceMode::Conservative)?
        .with_health()?;
    crate::cu_trace!("health: conservative");
    Ok(HealthReport {
        debt,
        spot,
        conservative,
    })
}
