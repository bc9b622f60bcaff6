use crate::{
    checks::check_collateral_vault,
    errors::LendingError,
    events::CollateralChanged,
    state::{Pool, Position},
    token_ops,
};
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

/// The owner adds collateral of `slot` to their position.
#[derive(Accounts)]
pub struct DepositCollateral<'info> {
    pub depositor: Signer<'info>,
    #[account(mut)]
    pub pool: AccountLoader<'info, Pool>,
    /// Only the owner adds collateral: a stranger adding a sliver of another asset could
    /// make liquidations depend on one more oracle.
    #[account(
        mut,
        has_one = pool,
        constraint = position.load()?.owner == depositor.key() @ LendingError::NotPositionOwner,
    )]
    pub position: AccountLoader<'info, Position>,
    #[account(mut)]
    pub collateral_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = collateral_vault.mint)]
    pub source: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_deposit_collateral(
    ctx: Context<DepositCollateral>,
    slot: u8,
    amount: u64,
) -> Result<()> {
    let a = &ctx.accounts;
    let slot = slot as usize;
    let (before, after, total) = {
        let mut pool = a.pool.load_mut()?;
        let mut pos = a.position.load_mut()?;
        require_keys_eq!(
            a.collateral_vault.key(),
            pool.collateral(slot)?.vault,
            LendingError::WrongCollateralVault
        );
        let before = pos.collateral[slot];
        pool.deposit_collateral(&mut pos, slot, amount)?;
        (
            before,
            pos.collateral[slot],
            pool.collaterals[slot].total_deposited,
        )
    };
    token_ops::transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.collateral_vault.to_account_info(),
        &a.depositor.to_account_info(),
        amount,
    )?;
    let clock = Clock::get()?;
    emit!(CollateralChanged {
        pool: a.pool.key(),
        position: a.position.key(),
        actor: a.depositor.key(),
        is_deposit: true,
        collateral_slot: slot as u8,
        amount,
        position_amount_before: before,
        position_amount_after: after,
        total_deposited_after: total,
        slot: clock.slot,
        timestamp: clock.unix_timestamp,
    });
    check_collateral_vault(&a.pool, slot, &a.collateral_vault.to_account_info())
}
