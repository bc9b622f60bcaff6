use crate::events::emit_cpi;
use crate::{
    constants::*,
    errors::LendingError,
    events::CollateralAdded,
    state::{CollateralAsset, CollateralParams, Pool},
};
use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

/// The admin adds a collateral asset (up to `MAX_COLLATERALS`) with its oracle feed, risk
/// parameters and a vault PDA.
#[event_cpi]
#[derive(Accounts)]
pub struct AddCollateral<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ LendingError::NotAdmin)]
    pub pool: AccountLoader<'info, Pool>,
    pub collateral_mint: Box<Account<'info, Mint>>,
    #[account(
        init, payer = admin,
        seeds = [COLLATERAL_VAULT_SEED, pool.key().as_ref(), collateral_mint.key().as_ref()], bump,
        token::mint = collateral_mint, token::authority = pool,
    )]
    pub collateral_vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handle_add_collateral(ctx: Context<AddCollateral>, params: CollateralParams) -> Result<()> {
    let a = &ctx.accounts;
    let mint = a.collateral_mint.key();
    require!(
        a.collateral_mint.decimals <= MAX_COLLATERAL_DECIMALS,
        LendingError::InvalidCollateralDecimals
    );
    let slot = {
        let mut pool = a.pool.load_mut()?;
        params.validate(pool.config.liquidation_fee_bps)?;
        let n = pool.num_collaterals as usize;
        require!(n < MAX_COLLATERALS, LendingError::TooManyCollaterals);
        require!(
            mint != pool.base_mint && pool.collaterals[..n].iter().all(|c| c.mint != mint),
            LendingError::DuplicateCollateral
        );
        pool.collaterals[n] = CollateralAsset {
            mint,
            vault: a.collateral_vault.key(),
            decimals: a.collateral_mint.decimals,
            vault_bump: ctx.bumps.collateral_vault,
            // a slot is retirable no sooner than a day after its listing
            newest_price_ts: Clock::get()?.unix_timestamp,
            ..CollateralAsset::default()
        };
        pool.collaterals[n].set_params(params);
        pool.num_collaterals += 1;
        n as u8
    };
    let clock = Clock::get()?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &CollateralAdded {
            pool: a.pool.key(),
            collateral_slot: slot,
            mint,
            vault: a.collateral_vault.key(),
            params,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
