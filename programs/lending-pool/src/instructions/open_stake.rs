use crate::{
    constants::STAKE_SEED,
    state::{InsuranceStake, Pool},
};
use anchor_lang::prelude::*;

/// A staker opens their (only) insurance stake account in a pool.
#[derive(Accounts)]
pub struct OpenStake<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    pub pool: AccountLoader<'info, Pool>,
    #[account(
        init, payer = owner, space = InsuranceStake::SPACE,
        seeds = [STAKE_SEED, pool.key().as_ref(), owner.key().as_ref()], bump,
    )]
    pub stake: AccountLoader<'info, InsuranceStake>,
    pub system_program: Program<'info, System>,
}

pub fn handle_open_stake(ctx: Context<OpenStake>) -> Result<()> {
    let a = &ctx.accounts;
    let mut st = a.stake.load_init()?;
    st.pool = a.pool.key();
    st.owner = a.owner.key();
    st.bump = ctx.bumps.stake;
    Ok(())
}
