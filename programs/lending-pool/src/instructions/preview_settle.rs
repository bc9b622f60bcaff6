use crate::state::{InsuranceFund, Pool, Position, Settlement};
use crate::token_accounts::mint_supply;
use anchor_lang::prelude::*;

/// View (simulate it): what `settle_bad_debt` would do now — `D`, the insurance and LP
/// split, the share price after, whether the pool would freeze — through return data.
/// Computed on copies; changes nothing. It runs the very `Pool::settle_bad_debt` the
/// instruction runs, so it honours a SETTLE pause: while settlement is paused the preview
/// fails with `OperationPaused`, as `settle_bad_debt` would.
#[derive(Accounts)]
pub struct PreviewSettle<'info> {
    #[account(has_one = lp_mint, has_one = insurance_fund)]
    pub pool: AccountLoader<'info, Pool>,
    #[account(has_one = pool)]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: the pool's LP mint (`has_one`), read in place (`token_accounts.rs`).
    pub lp_mint: UncheckedAccount<'info>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
}

pub fn handle_preview_settle(ctx: Context<PreviewSettle>) -> Result<Settlement> {
    let now = Clock::get()?.unix_timestamp;
    let mut pool = *ctx.accounts.pool.load()?;
    let mut pos = *ctx.accounts.position.load()?;
    let mut fund = *ctx.accounts.insurance_fund.load()?;
    pool.accrue_interest(now)?;
    pool.settle_bad_debt(
        &mut pos,
        &mut fund,
        mint_supply(&ctx.accounts.lp_mint)?,
        now,
    )
}
