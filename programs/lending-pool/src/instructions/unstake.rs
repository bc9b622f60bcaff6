use crate::events::emit_cpi;
use crate::token_accounts::{distinct, token_mint};
use crate::{
    checks::check_books,
    events::{InsuranceBooks, Unstaked},
    instructions::{accrue_interest::accrue_and_emit, sweep_insurance::sweep_pending},
    state::{InsuranceFund, InsuranceStake, Operation, Pool},
    token_ops::{PoolSigner, TokenMoves},
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// Pays a pending unstake request after its cooldown, within its window:
/// `min(value at request, value now)`,
/// from the insurance vault. The fund's pending interest is swept into the vault first (as
/// `sweep_insurance` does), so it can pay out of everything the fund owns.
#[event_cpi]
#[derive(Accounts)]
pub struct Unstake<'info> {
    #[account(constraint = distinct(&[base_vault.key, insurance_vault.key, destination.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub owner: Signer<'info>,
    #[account(mut, has_one = base_vault, has_one = insurance_fund, has_one = insurance_vault)]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub base_vault: UncheckedAccount<'info>,
    #[account(mut)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub insurance_vault: UncheckedAccount<'info>,
    #[account(mut, has_one = pool, has_one = owner)]
    pub stake: AccountLoader<'info, InsuranceStake>,
    /// Any base-mint account but the pool's vaults (both are writable here, so Anchor's
    /// duplicate-account check already refuses them).
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&destination)? == token_mint(&insurance_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub destination: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_unstake(ctx: Context<Unstake>) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let now = clock.unix_timestamp;
    let (swept, ev, signer) = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(&mut pool, a.pool.key(), now, &ctx.accounts.event_authority)?;
        pool.require_allowed(Operation::Unstake)?;
        let mut fund = a.insurance_fund.load_mut()?;
        let mut st = a.stake.load_mut()?;
        let before = InsuranceBooks::of(pool.insurance_value(fund.balance()?)?, &fund);
        let sweep = sweep_pending(&mut pool, &mut fund, a.pool.key(), &clock)?;
        let value = pool.insurance_value(sweep.insurance_balance_after)?;
        let p = fund.unstake(&mut st, value, now, pool.config.unstake_window_secs)?;
        let after = InsuranceBooks::of(pool.insurance_value(fund.balance()?)?, &fund);
        let ev = Unstaked {
            pool: a.pool.key(),
            staker: a.owner.key(),
            stake: a.stake.key(),
            shares: p.shares,
            value_at_request: p.value_at_request,
            value_now: p.value_now,
            paid: p.paid,
            swept: sweep.amount,
            stake_shares_after: st.shares,
            before,
            after,
            slot: clock.slot,
            timestamp: now,
        };
        (
            (sweep.amount > 0).then_some(sweep),
            ev,
            PoolSigner::of(&pool),
        )
    };
    // the sweep lands in the fund before the payout leaves it: one CPI, in that order
    let token_program = a.token_program.to_account_info();
    let pool_info = a.pool.to_account_info();
    let insurance_vault = a.insurance_vault.to_account_info();
    let mut moves = TokenMoves::new(&token_program, Some((&pool_info, &signer)));
    if let Some(s) = &swept {
        moves.transfer(
            &a.base_vault.to_account_info(),
            &insurance_vault,
            &pool_info,
            s.amount,
        );
    }
    if ev.paid > 0 {
        moves.transfer(
            &insurance_vault,
            &a.destination.to_account_info(),
            &pool_info,
            ev.paid,
        );
    }
    moves.send()?;
    if let Some(s) = swept {
        emit_cpi(&ctx.accounts.event_authority, &s)?;
    }
    emit_cpi(&ctx.accounts.event_authority, &ev)?;
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
