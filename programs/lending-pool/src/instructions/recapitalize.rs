use crate::{
    checks::check_books,
    events::Recapitalized,
    instructions::accrue_interest::accrue_and_emit,
    state::{InsuranceFund, Pool},
    token_ops,
};
use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

/// Anyone adds base tokens to the LPs' books (a gift to the current LP holders, recorded in
/// the loss ledger as recovered): how a pool wiped out by bad debt is recapitalized before
/// `unfreeze`. No shares are minted.
#[derive(Accounts)]
pub struct Recapitalize<'info> {
    pub donor: Signer<'info>,
    #[account(
        mut,
        has_one = base_vault, has_one = lp_mint,
        has_one = insurance_fund, has_one = insurance_vault,
    )]
    pub pool: AccountLoader<'info, Pool>,
    #[account(mut)]
    pub base_vault: Box<Account<'info, TokenAccount>>,
    pub lp_mint: Box<Account<'info, Mint>>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    pub insurance_vault: Box<Account<'info, TokenAccount>>,
    /// The donor's base tokens (the token program checks they own it).
    #[account(mut, token::mint = base_vault.mint)]
    pub source: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_recapitalize(ctx: Context<Recapitalize>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let supply = a.lp_mint.supply;
    let (r, frozen) = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(&mut pool, a.pool.key(), clock.unix_timestamp)?;
        let r = pool.recapitalize(amount, supply)?;
        (r, pool.status == crate::state::STATUS_FROZEN)
    };
    token_ops::transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.base_vault.to_account_info(),
        &a.donor.to_account_info(),
        amount,
    )?;
    emit!(Recapitalized {
        pool: a.pool.key(),
        donor: a.donor.key(),
        amount,
        lp_assets_before: r.lp_assets_before,
        lp_assets_after: r.lp_assets_after,
        lp_supply: supply,
        share_price_before_wad: r.share_price_before_wad,
        share_price_after_wad: r.share_price_after_wad,
        total_recovered: r.total_recovered,
        frozen,
        slot: clock.slot,
        timestamp: clock.unix_timestamp,
    });
    check_books(
        &a.pool,
        &a.base_vault.to_account_info(),
        &a.insurance_fund,
        &a.insurance_vault.to_account_info(),
    )
}
