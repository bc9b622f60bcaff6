use crate::token_accounts::mint_supply;
use crate::{
    math::{share_price_wad_down, PriceMode},
    oracle::load_position_prices,
    state::{FundValue, InsuranceFund, Pool, Position},
};
use anchor_lang::prelude::*;

/// What `preview_mark` returns: the position's shortfall now and what its mark is, and the
/// pool's exit prices as they would be after re-marking it (LP and insurance shares, WAD).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkPreview {
    pub position_debt: u64,
    /// `max(0, debt − repayable)` at spot prices now.
    pub shortfall: u64,
    /// The position's recorded mark.
    pub mark: u64,
    /// The pool's marked shortfall with this position re-marked.
    pub marked_shortfall: u64,
    pub insurance: FundValue,
    pub uncovered_shortfall: u64,
    pub lp_assets: u64,
    pub exit_lp_assets: u64,
    pub lp_supply: u64,
    pub share_price_wad: u128,
    pub exit_share_price_wad: u128,
    pub insurance_total_shares: u64,
    pub insurance_share_price_wad: u128,
}

/// View (simulate it): a position's shortfall and the pool's exit price, on copies.
/// Remaining accounts as for `mark_shortfall`.
#[derive(Accounts)]
pub struct PreviewMark<'info> {
    #[account(has_one = lp_mint, has_one = insurance_fund)]
    pub pool: AccountLoader<'info, Pool>,
    #[account(has_one = pool)]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: the pool's LP mint (`has_one`), read in place (`token_accounts.rs`).
    pub lp_mint: UncheckedAccount<'info>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: the base asset's `PriceUpdateV2`; owner, layout and feed id checked by `load_price`.
    pub base_oracle: UncheckedAccount<'info>,
}

pub fn handle_preview_mark<'info>(ctx: Context<'info, PreviewMark<'info>>) -> Result<MarkPreview> {
    let a = &ctx.accounts;
    let now = Clock::get()?.unix_timestamp;
    let mut pool = *a.pool.load()?;
    let mut pos = *a.position.load()?;
    let fund = a.insurance_fund.load()?;
    pool.accrue_interest(now)?;
    let prices = load_position_prices(
        &pool,
        &pos,
        &a.base_oracle,
        ctx.remaining_accounts,
        now,
        PriceMode::Spot,
    )?;
    let (debt, shortfall, mark) = pool.preview_remark(&mut pos, &prices, now)?;
    let ledger = fund.balance()?;
    let insurance = pool.insurance_value(ledger)?;
    let supply = mint_supply(&a.lp_mint)?;
    let (lp_assets, exit_lp_assets) = (pool.lp_assets()?, pool.exit_lp_assets(ledger)?);
    Ok(MarkPreview {
        position_debt: debt,
        shortfall,
        mark,
        marked_shortfall: pool.marked_shortfall,
        insurance,
        uncovered_shortfall: pool.uncovered_shortfall(ledger)?,
        lp_assets,
        exit_lp_assets,
        lp_supply: supply,
        share_price_wad: share_price_wad_down(lp_assets, supply)?,
        exit_share_price_wad: share_price_wad_down(exit_lp_assets, supply)?,
        insurance_total_shares: fund.total_shares,
        insurance_share_price_wad: share_price_wad_down(insurance.net(), fund.total_shares)?,
    })
}
