use crate::events::emit_cpi;
use crate::token_accounts::{token_amount, token_mint};
use crate::{
    errors::LendingError,
    events::FlashRepaid,
    state::{require_top_level, Pool},
    token_ops,
};
use anchor_lang::{error::ErrorCode, prelude::*, solana_program::instruction::get_stack_height};
use anchor_spl::token::Token;

/// Returns this transaction's flash loan of the pool with its fee (to the insurance fund).
/// The pool is the first account: `flash_borrow` finds its repayment by it.
#[event_cpi]
#[derive(Accounts)]
pub struct FlashRepay<'info> {
    #[account(mut, has_one = base_vault)]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub base_vault: UncheckedAccount<'info>,
    /// The repayment's base tokens (the token program checks `payer` owns them).
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(
        mut,
        constraint = token_mint(&source)? == token_mint(&base_vault)? @ ErrorCode::ConstraintTokenMint,
        constraint = source.key() != base_vault.key() @ LendingError::DestinationIsPoolVault,
    )]
    pub source: UncheckedAccount<'info>,
    pub payer: Signer<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_flash_repay(ctx: Context<FlashRepay>) -> Result<()> {
    let a = &ctx.accounts;
    require_top_level(get_stack_height())?;
    let clock = Clock::get()?;
    let (loan, cash, pending) = {
        let mut pool = a.pool.load_mut()?;
        let loan = pool.flash_repay()?;
        (loan, pool.cash, pool.insurance_pending)
    };
    token_ops::transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.base_vault.to_account_info(),
        &a.payer.to_account_info(),
        loan.owed()?,
    )?;
    a.pool
        .load()?
        .check_cash(token_amount(&a.base_vault.to_account_info())?)?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &FlashRepaid {
            pool: a.pool.key(),
            payer: a.payer.key(),
            amount: loan.amount,
            fee: loan.fee,
            cash_after: cash,
            insurance_pending_after: pending,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )
}
