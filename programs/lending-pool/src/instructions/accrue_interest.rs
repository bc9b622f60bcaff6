use crate::{
    events::{emit_cpi, InterestAccrued, PausesLapsed},
    state::Pool,
};
use anchor_lang::prelude::*;

/// Permissionless: accrues the pool's interest up to now (keepers, indexers, frontends).
#[event_cpi]
#[derive(Accounts)]
pub struct AccrueInterest<'info> {
    #[account(mut)]
    pub pool: AccountLoader<'info, Pool>,
}

pub fn handle_accrue_interest(ctx: Context<AccrueInterest>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    accrue_and_emit(
        &mut *ctx.accounts.pool.load_mut()?,
        ctx.accounts.pool.key(),
        now,
        &ctx.accounts.event_authority,
    )
}

/// Brings the pool up to `now`: lapsed guardian pauses cleared (`PausesLapsed`), then
/// `Pool::accrue_interest` (`InterestAccrued` when the index moved). Every handler that
/// reads or changes debt or LP value calls it first.
pub(crate) fn accrue_and_emit(
    pool: &mut Pool,
    pool_key: Pubkey,
    now: i64,
    event_authority: &AccountInfo,
) -> Result<()> {
    lapse_and_emit(pool, pool_key, now, event_authority)?;
    if let Some(a) = pool.accrue_interest(now)? {
        emit_cpi(
            event_authority,
            &InterestAccrued {
                pool: pool_key,
                dt: a.dt,
                utilization_wad: a.utilization_wad,
                rate_wad: a.rate_wad,
                index_before: a.index_before,
                index_after: a.index_after,
                total_debt_before: a.debt_before,
                total_debt_after: a.debt_after,
                to_insurance: a.to_insurance,
                insurance_pending_after: pool.insurance_pending,
                insurance_remainder_wad: a.insurance_remainder_wad,
                marked_shortfall_before: a.marked_shortfall_before,
                marked_shortfall_after: a.marked_shortfall_after,
                timestamp: now,
            },
        )?;
    }
    Ok(())
}

/// Clears the guardian's pause flags once they lapsed, emitting `PausesLapsed`.
pub(crate) fn lapse_and_emit(
    pool: &mut Pool,
    pool_key: Pubkey,
    now: i64,
    event_authority: &AccountInfo,
) -> Result<()> {
    if let Some(l) = pool.lapse_guardian_pauses(now) {
        emit_cpi(
            event_authority,
            &PausesLapsed {
                pool: pool_key,
                before: l.before,
                after: l.after,
                timestamp: now,
            },
        )?;
    }
    Ok(())
}
