use crate::events::emit_cpi;
use crate::{
    constants::POSITION_SEED,
    events::PositionOpened,
    state::{Pool, Position},
};
use anchor_lang::prelude::*;

/// A borrower opens position number `index` in a pool (several per owner are allowed).
#[event_cpi]
#[derive(Accounts)]
#[instruction(index: u16)]
pub struct OpenPosition<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    pub pool: AccountLoader<'info, Pool>,
    #[account(
        init, payer = owner, space = Position::SPACE,
        seeds = [POSITION_SEED, pool.key().as_ref(), owner.key().as_ref(), &index.to_le_bytes()], bump,
    )]
    pub position: AccountLoader<'info, Position>,
    pub system_program: Program<'info, System>,
}

pub fn handle_open_position(ctx: Context<OpenPosition>, index: u16) -> Result<()> {
    let a = &ctx.accounts;
    {
        let mut pos = a.position.load_init()?;
        pos.pool = a.pool.key();
        pos.owner = a.owner.key();
        pos.index = index;
        pos.bump = ctx.bumps.position;
    }
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &PositionOpened {
            pool: a.pool.key(),
            position: a.position.key(),
            owner: a.owner.key(),
            index,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
