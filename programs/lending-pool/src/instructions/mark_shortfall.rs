use crate::events::emit_cpi;
use crate::{
    events::ShortfallMarked,
    instructions::accrue_interest::accrue_and_emit,
    math::{PriceMode, Prices},
    oracle::load_position_prices,
    state::{mark_reason, Pool, Position},
};
use anchor_lang::prelude::*;

/// Permissionless: records what a full liquidation of the position would leave to settle
/// now, at spot prices (`Pool::shortfall_at`), replacing its previous mark; a healthy
/// position's mark is released. Anyone corrects a stale or manipulated mark the same way.
/// Remaining accounts: one `PriceUpdateV2` per collateral slot the position holds, in slot
/// order (as for `liquidate`).
#[event_cpi]
#[derive(Accounts)]
pub struct MarkShortfall<'info> {
    pub marker: Signer<'info>,
    #[account(mut)]
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut, has_one = pool)]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: the base asset's `PriceUpdateV2`; owner, layout and feed id checked by `load_price`.
    pub base_oracle: UncheckedAccount<'info>,
}

pub fn handle_mark_shortfall<'info>(ctx: Context<'info, MarkShortfall<'info>>) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let now = clock.unix_timestamp;
    let ev = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        accrue_and_emit(&mut pool, a.pool.key(), now, &ctx.accounts.event_authority)?;
        let prices = load_position_prices(
            &pool,
            &pos,
            &a.base_oracle,
            ctx.remaining_accounts,
            now,
            PriceMode::Spot,
        )?;
        let change = pool.mark(&mut pos, &prices, now)?;
        ShortfallMarked::of(
            [a.pool.key(), a.position.key(), a.marker.key()],
            mark_reason::MARK,
            pos.debt(pool.borrow_index.get())?,
            &change,
            &clock,
        )
    };
    emit_cpi(&ctx.accounts.event_authority, &ev)?;
    Ok(())
}

/// Re-marks a marked position at the prices an instruction already read (its event, if the
/// mark changed). Prices validated conservatively still carry the spot price the mark uses.
pub(crate) fn remark(
    pool: &mut Pool,
    pos: &mut Position,
    prices: Option<Prices>,
    keys: [Pubkey; 3],
    reason: u8,
    clock: &Clock,
) -> Result<Option<ShortfallMarked>> {
    let Some(prices) = prices else {
        return Ok(None);
    };
    let Some(change) = pool.remark_if_marked(pos, &prices, clock.unix_timestamp)? else {
        return Ok(None);
    };
    let debt = pos.debt(pool.borrow_index.get())?;
    Ok(Some(ShortfallMarked::of(
        keys, reason, debt, &change, clock,
    )))
}
