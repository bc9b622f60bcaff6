use crate::events::emit_cpi;
use crate::token_accounts::{distinct, mint_supply, token_mint};
use crate::{
    checks::check_books,
    events::Recapitalized,
    instructions::accrue_interest::accrue_and_emit,
    state::{InsuranceFund, Pool},
    token_ops,
};
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::Token;

/// Anyone adds base tokens to the LPs' books (a gift to the current LP holders, recorded in
/// the loss ledger as recovered): how a pool wiped out by bad debt is recapitalized before
/// `unfreeze`. No shares are minted; only while frozen or with deposits paused.
#[event_cpi]
#[derive(Accounts)]
pub struct Recapitalize<'info> {
    #[account(constraint = distinct(&[base_vault.key, source.key]) @ ErrorCode::ConstraintDuplicateMutableAccount)]
    pub donor: Signer<'info>,
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
    pub lp_mint: UncheckedAccount<'info>,
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    pub insurance_vault: UncheckedAccount<'info>,
    /// The donor's base tokens (the token program checks they own it).
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut, constraint = token_mint(&source)? == token_mint(&base_vault)? @ ErrorCode::ConstraintTokenMint)]
    pub source: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_recapitalize(
    ctx: Context<Recapitalize>,
    amount: u64,
    max_lp_supply: u64,
) -> Result<()> {
    let a = &ctx.accounts;
    let clock = Clock::get()?;
    let supply = mint_supply(&a.lp_mint)?;
    let (r, frozen) = {
        let mut pool = a.pool.load_mut()?;
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let r = pool.recapitalize(amount, supply, max_lp_supply)?;
        (r, pool.status == crate::state::STATUS_FROZEN)
    };
    token_ops::transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.base_vault.to_account_info(),
        &a.donor.to_account_info(),
        amount,
    )?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &Recapitalized {
            pool: a.pool.key(),
            donor: a.donor.key(),
            amount,
            max_lp_supply,
            lp_assets_before: r.lp_assets_before,
            lp_assets_after: r.lp_assets_after,
            lp_supply: supply,
            share_price_before_wad: r.share_price_before_wad,
            share_price_after_wad: r.share_price_after_wad,
            total_recovered: r.total_recovered,
            frozen,
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
