use crate::events::emit_cpi;
use crate::{
    events::{InsuranceBooks, UnstakeCancelled, UnstakeRequested},
    instructions::accrue_interest::accrue_and_emit,
    state::{window_end, InsuranceFund, InsuranceStake, Operation, Pool},
};
use anchor_lang::prelude::*;

/// A staker's unstake request or its cancellation: no tokens move.
#[event_cpi]
#[derive(Accounts)]
pub struct UnstakeRequest<'info> {
    pub owner: Signer<'info>,
    #[account(mut, has_one = insurance_fund)]
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    #[account(mut, has_one = pool, has_one = owner)]
    pub stake: AccountLoader<'info, InsuranceStake>,
}

/// Fixes `shares` at their value now, net of the marked shortfall the fund would cover (at
/// least `min_value`), and starts the pool's cooldown; the request is payable for
/// `unstake_window_secs` after it. The shares stay slashable and earn nothing more.
pub fn handle_request_unstake(
    ctx: Context<UnstakeRequest>,
    shares: u64,
    min_value: u64,
) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let now = clock.unix_timestamp;
    let ev = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(&mut pool, a.pool.key(), now, &ctx.accounts.event_authority)?;
        pool.require_allowed(Operation::Unstake)?;
        let mut fund = a.insurance_fund.load_mut()?;
        let mut st = a.stake.load_mut()?;
        let value = pool.insurance_value(fund.balance()?)?;
        let cooldown = pool.config.unstake_cooldown_secs;
        let worth = fund.request_unstake(&mut st, shares, value, now, cooldown, min_value)?;
        UnstakeRequested {
            pool: a.pool.key(),
            staker: a.owner.key(),
            stake: a.stake.key(),
            shares,
            value_at_request: worth,
            min_value,
            cooldown_end_ts: st.cooldown_end_ts,
            window_end_ts: window_end(st.cooldown_end_ts, pool.config.unstake_window_secs),
            books: InsuranceBooks::of(value, &fund),
            slot: clock.slot,
            timestamp: now,
        }
    };
    emit_cpi(&ctx.accounts.event_authority, &ev)?;
    Ok(())
}

/// Cancels the pending request (never paused): its shares are free again, less those that
/// would carry a gain made during the cooldown.
pub fn handle_cancel_unstake(ctx: Context<UnstakeRequest>) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let ev = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let mut fund = a.insurance_fund.load_mut()?;
        let mut st = a.stake.load_mut()?;
        let value = pool.insurance_value(fund.balance()?)?;
        let c = fund.cancel_unstake(&mut st, value)?;
        UnstakeCancelled {
            pool: a.pool.key(),
            staker: a.owner.key(),
            stake: a.stake.key(),
            shares: c.shares,
            shares_burnt: c.shares_burnt,
            value_at_request: c.value_at_request,
            value_now: c.value_now,
            stake_shares_after: st.shares,
            books: InsuranceBooks::of(value, &fund),
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        }
    };
    emit_cpi(&ctx.accounts.event_authority, &ev)?;
    Ok(())
}
