use crate::events::emit_cpi;
use crate::token_accounts::{token_amount, token_mint};
use crate::{
    errors::LendingError,
    events::FlashBorrowed,
    instructions::accrue_interest::accrue_and_emit,
    state::{require_top_level, Pool},
    token_ops::{self, PoolSigner},
};
use anchor_lang::{
    error::ErrorCode, prelude::*, solana_program::instruction::get_stack_height, Discriminator,
};
use anchor_spl::token::Token;
use solana_instructions_sysvar::{load_current_index_checked, load_instruction_at_checked};

/// Lends `amount` of the pool's lendable cash until the `flash_repay` of the same pool later
/// in this transaction (checked here through the instructions sysvar, so a transaction
/// without it cannot borrow).
#[event_cpi]
#[derive(Accounts)]
pub struct FlashBorrow<'info> {
    #[account(mut, has_one = base_vault)]
    pub pool: AccountLoader<'info, Pool>,
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(mut)]
    pub base_vault: UncheckedAccount<'info>,
    /// Where the loan goes (any base-token account but the pool's own vault).
    /// CHECK: an SPL Token account read in place (`token_accounts.rs`); the token program
    /// checks it again in each CPI.
    #[account(
        mut,
        constraint = token_mint(&destination)? == token_mint(&base_vault)? @ ErrorCode::ConstraintTokenMint,
        constraint = destination.key() != base_vault.key() @ LendingError::DestinationIsPoolVault,
    )]
    pub destination: UncheckedAccount<'info>,
    pub borrower: Signer<'info>,
    /// CHECK: the instructions sysvar (address checked), read for the repayment.
    #[account(address = crate::constants::INSTRUCTIONS_SYSVAR_ID)]
    pub instructions: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

pub fn handle_flash_borrow(ctx: Context<FlashBorrow>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    require_repaid_later(&a.instructions, &a.pool.key())?;
    let clock = Clock::get()?;
    let (loan, cash, signer) = {
        let mut pool = a.pool.load_mut()?;
        // the loan must not skip interest the LPs are owed before their cash is lent
        accrue_and_emit(
            &mut pool,
            a.pool.key(),
            clock.unix_timestamp,
            &ctx.accounts.event_authority,
        )?;
        let loan = pool.flash_borrow(amount)?;
        (loan, pool.cash, PoolSigner::of(&pool))
    };
    token_ops::transfer_from_pool(
        &signer,
        &a.token_program.to_account_info(),
        &a.base_vault.to_account_info(),
        &a.destination.to_account_info(),
        &a.pool.to_account_info(),
        loan.amount,
    )?;
    a.pool
        .load()?
        .check_cash(token_amount(&a.base_vault.to_account_info())?)?;
    emit_cpi(
        &ctx.accounts.event_authority,
        &FlashBorrowed {
            pool: a.pool.key(),
            borrower: a.borrower.key(),
            amount: loan.amount,
            fee: loan.fee,
            cash,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )
}

/// The loan is top-level (a program reaching it through CPI could skip the pairing) and a
/// `flash_repay` of the same pool follows it in this transaction. A second `flash_borrow`
/// before it is refused by the pool itself (one loan at a time).
fn require_repaid_later(instructions: &AccountInfo, pool: &Pubkey) -> Result<()> {
    require_top_level(get_stack_height())?;
    let current = load_current_index_checked(instructions)? as usize;
    let this = load_instruction_at_checked(current, instructions)?;
    require!(
        this.program_id == crate::ID
            && this
                .data
                .starts_with(crate::instruction::FlashBorrow::DISCRIMINATOR),
        LendingError::FlashLoanCpi
    );
    let mut next = current + 1;
    // the sysvar answers "out of bounds" past the last instruction
    while let Ok(ix) = load_instruction_at_checked(next, instructions) {
        if ix.program_id == crate::ID
            && ix
                .data
                .starts_with(crate::instruction::FlashRepay::DISCRIMINATOR)
            && ix.accounts.first().map(|m| m.pubkey) == Some(*pool)
        {
            return Ok(());
        }
        next += 1;
    }
    err!(LendingError::FlashRepayMissing)
}
