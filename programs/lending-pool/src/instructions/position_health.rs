use crate::{
    instructions::health_from_accounts,
    math::{PositionHealth, PriceMode},
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
    let now = Clock::get()?.unix_timestamp;
    let mut pool = *ctx.accounts.pool.load()?;
    pool.accrue(now)?;
    let pos = ctx.accounts.position.load()?;
    let modes = [PriceMode::Spot, PriceMode::Conservative];
    let h = health_from_accounts(
        &pool,
        &pos,
        &ctx.accounts.base_oracle,
        ctx.remaining_accounts,
        now,
        &modes,
    )?;
    // Anchor returns it as the instruction's return data
    Ok(HealthReport {
        debt: pos.debt(pool.borrow_index.get())?,
        spot: h[0],
        conservative: h[1],
    })
}
