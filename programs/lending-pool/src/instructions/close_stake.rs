use crate::events::emit_cpi;
use crate::{
    events::StakeClosed,
    state::{InsuranceFund, InsuranceStake, Pool},
};
use anchor_lang::prelude::*;

/// The owner closes a stake account with no shares of the current epoch and no pending
/// request; the rent goes back to them (shares of an emptied fund's older epoch are worth
/// nothing and do not keep it open).
#[event_cpi]
#[derive(Accounts)]
pub struct CloseStake<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(has_one = insurance_fund)]
    pub pool: AccountLoader<'info, Pool>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    #[account(mut, close = owner, has_one = owner, has_one = pool)]
    pub stake: AccountLoader<'info, InsuranceStake>,
}

pub fn handle_close_stake(ctx: Context<CloseStake>) -> Result<()> {
    let a = &ctx.accounts;
    let (total_staked, total_unstaked) = {
        let st = a.stake.load()?;
        a.insurance_fund.load()?.require_closable(&st)?;
        (st.total_staked, st.total_unstaked)
    };
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &StakeClosed {
            pool: a.pool.key(),
            staker: a.owner.key(),
            stake: a.stake.key(),
            total_staked,
            total_unstaked,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
