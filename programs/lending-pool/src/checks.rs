//! Checks a handler runs after its mutation (Squads' `invariant()`): the borrow limit of a
//! position that just took risk, and the books against the vaults' actual balances after
//! the token transfers. The rules themselves are `Pool` methods; this file reads accounts.
use crate::{
    errors::LendingError,
    math::{PriceMode, Prices},
    oracle::load_position_prices,
    state::{InsuranceFund, Pool, Position},
};
use anchor_lang::prelude::*;
use anchor_spl::token::accessor;

/// Fails unless `pos` stays within its borrow limit at conservative prices (no oracle is
/// needed while it has no debt). Returns the prices it read, for re-marking.
pub(crate) fn require_within_borrow_limit(
    pool: &Pool,
    pos: &Position,
    base_oracle: &AccountInfo,
    oracles: &[AccountInfo],
    now: i64,
) -> Result<Option<Prices>> {
    if pos.scaled_debt.get() == 0 {
        return Ok(None);
    }
    let mode = PriceMode::Conservative;
    let prices = load_position_prices(pool, pos, base_oracle, oracles, now, mode)?;
    require!(
        pool.position_values(pos, &prices, mode)?
            .within_borrow_limit(),
        LendingError::BorrowLimitExceeded
    );
    Ok(Some(prices))
}

/// The pool's invariants against the vaults as the token program left them after the CPIs.
pub(crate) fn check_books<'info>(
    pool: &AccountLoader<'info, Pool>,
    base_vault: &AccountInfo<'info>,
    insurance_fund: &AccountLoader<'info, InsuranceFund>,
    insurance_vault: &AccountInfo<'info>,
) -> Result<()> {
    let ledger = insurance_fund.load()?.balance()?;
    pool.load()?.check_invariants(
        accessor::amount(base_vault)?,
        ledger,
        accessor::amount(insurance_vault)?,
    )
}

/// Collateral `slot`'s vault against what the positions own of it.
pub(crate) fn check_collateral_vault(
    pool: &AccountLoader<Pool>,
    slot: usize,
    vault: &AccountInfo,
) -> Result<()> {
    pool.load()?
        .check_collateral_vault(slot, accessor::amount(vault)?)
}
