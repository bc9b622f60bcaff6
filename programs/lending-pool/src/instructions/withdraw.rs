use crate::events::emit_cpi;
use crate::token_accounts::{distinct, mint_supply, token_amount, token_mint, token_owner};
use crate::{
    checks::check_books,
    errors::LendingError,
    events::{LpBooks, LpWithdrawn},
    instructions::accrue_interest::accrue_and_emit,
    state::{InsuranceFund, LpFlow, Pool},
    token_ops::{PoolSigner, TokenMoves},
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// An LP burns shares and receives base tokens. Shared by `withdraw` (exact assets out,
/// shares rounded up) and `redeem` (exact shares in, assets rounded down). Allowed in a
/// frozen pool: that is how LPs take their pro-rata share after an insolvency.
#[event_cpi]
#[derive(Accounts)]
pub struct Withdraw<'info> {
    #[account(constraint = distinct(&[base_vault.key, lp_mint.key, lp_source.key, destination.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub owner: Signer<'info>,
    #[account(
        mut,
        has_one = base_vault, has_one = lp_mint,
        has_one = insurance_fund, has_one = insurance_vault,
    )]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub base_vault: UncheckedAccount<'info>,
    /// CHECK: the pool's LP mint (`has_one`), read in place (`token_accounts.rs`).
    #[account(mut)]
    pub lp_mint: UncheckedAccount<'info>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&lp_source)? == lp_mint.key() @ ErrorCode::ConstraintTokenMint, constraint = token_owner(&lp_source)? == owner.key() @ ErrorCode::ConstraintTokenOwner)]
    pub lp_source: UncheckedAccount<'info>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(
        mut,
        constraint = token_mint(&destination)? == token_mint(&base_vault)? @ ErrorCode::ConstraintTokenMint,
        constraint = destination.key() != base_vault.key()
            && destination.key() != insurance_vault.key() @ LendingError::DestinationIsPoolVault,
    )]
    pub destination: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_withdraw(ctx: Context<Withdraw>, assets: u64, max_shares_in: u64) -> Result<()> {
    exit(ctx, |pool, supply, ledger, held| {
        pool.withdraw(assets, supply, ledger, held, max_shares_in)
    })
}

pub fn handle_redeem(ctx: Context<Withdraw>, shares: u64, min_assets_out: u64) -> Result<()> {
    exit(ctx, |pool, supply, ledger, held| {
        pool.redeem(shares, supply, ledger, held, min_assets_out)
    })
}

/// The exit both share: accrue, book the flow, burn the shares, pay the assets, check.
fn exit(
    ctx: Context<Withdraw>,
    book: impl FnOnce(&mut Pool, u64, u64, u64) -> Result<LpFlow>,
) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let supply = mint_supply(&a.lp_mint)?;
    let (flow, before, after, signer) = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let ledger = a.insurance_fund.load()?.balance()?;
        let before = LpBooks::of(&pool, supply, ledger)?;
        let flow = book(&mut pool, supply, ledger, token_amount(&a.lp_source)?)?;
        let supply_after = supply
            .checked_sub(flow.shares)
            .ok_or(LendingError::MathOverflow)?;
        (
            flow,
            before,
            LpBooks::of(&pool, supply_after, ledger)?,
            PoolSigner::of(&pool),
        )
    };
    let token_program = a.token_program.to_account_info();
    let pool_info = a.pool.to_account_info();
    let mut moves = TokenMoves::new(&token_program, Some((&pool_info, &signer)));
    moves
        .burn(
            &a.lp_mint.to_account_info(),
            &a.lp_source.to_account_info(),
            &a.owner.to_account_info(),
            flow.shares,
        )
        .transfer(
            &a.base_vault.to_account_info(),
            &a.destination.to_account_info(),
            &pool_info,
            flow.assets,
        );
    moves.send()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &LpWithdrawn {
            pool: a.pool.key(),
            owner: a.owner.key(),
            destination: a.destination.key(),
            assets: flow.assets,
            shares: flow.shares,
            before,
            after,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
