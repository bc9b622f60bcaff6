use crate::{
    math::{PositionHealth, PriceMode},
    oracle::{load_position_prices, require_conservative},
    state::{Pool, Position},
};
use anchor_lang::prelude::*;

/// What `position_health` returns (Borsh, through return data): the position at spot prices
/// (liquidation eligibility) and at conservative prices (what it may still borrow), with
/// interest accrued to now. When some price is fit for spot but not for conservative use
/// (a wide confidence band, a bad EMA), `conservative` is all zero and
/// `conservative_error` is the error a borrow would fail with (0: none).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthReport {
    pub debt: u64,
    pub spot: PositionHealth,
    pub conservative: PositionHealth,
    pub conservative_error: u32,
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
    // spot prices first: the spot half is returned even when the conservative half is not
    let prices = load_position_prices(
        &pool,
        &pos,
        &ctx.accounts.base_oracle,
        ctx.remaining_accounts,
        now,
        PriceMode::Spot,
    )?;
    crate::cu_trace!("health: prices");
    // Anchor returns it as the instruction's return data
    let debt = pos.debt(pool.borrow_index.get())?;
    crate::cu_trace!("health: debt");
    let spot = pool
        .position_values_owing(&pos, debt, &prices, PriceMode::Spot)?
        .with_health()?;
    crate::cu_trace!("health: spot");
    // conservative valuations need tight prices: validated as a borrow would
    let conservative = prices
        .base
        .iter()
        .chain(prices.collateral.iter().flatten())
        .try_for_each(|p| require_conservative(p, &pool.config))
        .and_then(|()| {
            pool.position_values_owing(&pos, debt, &prices, PriceMode::Conservative)?
                .with_health()
        });
    crate::cu_trace!("health: conservative");
    let (conservative, conservative_error) = match conservative {
        Ok(health) => (health, 0),
        Err(Error::AnchorError(e)) => (PositionHealth::default(), e.error_code_number),
        Err(e) => return Err(e),
    };
    Ok(HealthReport {
        debt,
        spot,
        conservative,
        conservative_error,
    })
}
