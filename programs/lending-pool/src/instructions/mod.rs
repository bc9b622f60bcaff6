pub mod accept_admin;
pub mod accrue_interest;
pub mod add_collateral;
pub mod borrow;
pub mod close_position;
pub mod deposit;
pub mod deposit_collateral;
pub mod fund_insurance;
pub mod init_pool;
pub mod liquidate;
pub mod open_position;
pub mod position_health;
pub mod preview_settle;
pub mod repay;
pub mod set_guardian;
pub mod set_pause;
pub mod settle_bad_debt;
pub mod sweep_insurance;
pub mod transfer_admin;
pub mod update_config;
pub mod withdraw;
pub mod withdraw_collateral;

pub use accept_admin::*;
pub use accrue_interest::*;
pub use add_collateral::*;
pub use borrow::*;
pub use close_position::*;
pub use deposit::*;
pub use deposit_collateral::*;
pub use fund_insurance::*;
pub use init_pool::*;
pub use liquidate::*;
pub use open_position::*;
pub use position_health::*;
pub use preview_settle::*;
pub use repay::*;
pub use set_guardian::*;
pub use set_pause::*;
pub use settle_bad_debt::*;
pub use sweep_insurance::*;
pub use transfer_admin::*;
pub use update_config::*;
pub use withdraw::*;
pub use withdraw_collateral::*;

use crate::{
    errors::LendingError,
    events::InterestAccrued,
    math::{PositionHealth, PriceMode},
    oracle::load_price,
    state::{InsuranceFund, Pool, Position},
};
use anchor_lang::prelude::*;
use anchor_spl::token::accessor;

/// Runs the loss waterfall on loaded accounts and records the insurance fund's part;
/// returns the settlement (the caller moves `from_insurance_vault` tokens and emits).
pub(crate) fn settle_on_books(
    pool: &mut Pool,
    pos: &mut Position,
    fund: &mut InsuranceFund,
    lp_supply: u64,
    now: i64,
) -> Result<crate::state::Settlement> {
    pool.require_not_paused(crate::constants::pause::SETTLE)?;
    let s = pool.settle_bad_debt(pos, fund.balance()?, lp_supply, now)?;
    fund.record_coverage(s.from_insurance_vault)?;
    Ok(s)
}

/// A collateral vault holds at least what the positions own of it.
pub(crate) fn check_collateral_vault(vault: &AccountInfo, total_deposited: u64) -> Result<()> {
    require!(
        accessor::amount(vault)? >= total_deposited,
        LendingError::CollateralInvariantViolated
    );
    Ok(())
}

/// Accrues the pool's interest to `now` and emits `InterestAccrued` when the index moved.
pub(crate) fn accrue(pool: &mut Pool, pool_key: Pubkey, now: i64) -> Result<()> {
    if let Some(a) = pool.accrue(now)? {
        emit!(InterestAccrued {
            pool: pool_key,
            dt: a.dt,
            utilization_wad: a.utilization_wad,
            rate_wad: a.rate_wad,
            index_before: a.index_before,
            index_after: a.index_after,
            total_debt_before: a.debt_before,
            total_debt_after: a.debt_after,
            to_insurance: a.to_insurance,
            insurance_pending_after: pool.insurance_pending,
            timestamp: now,
        });
    }
    Ok(())
}

/// The health of `pos` at oracle prices: `base_oracle` prices the debt, `oracles` holds one
/// `PriceUpdateV2` account per collateral slot the position holds, in slot order.
pub(crate) fn health_from_accounts(
    pool: &Pool,
    pos: &Position,
    base_oracle: &AccountInfo,
    oracles: &[AccountInfo],
    now: i64,
    modes: &[PriceMode],
) -> Result<Vec<PositionHealth>> {
    let held = pool.held_slots(pos);
    require!(
        oracles.len() == held.len(),
        LendingError::OracleAccountsMismatch
    );
    // conservative valuations need tight prices; spot-only ones do not
    let check = if modes.contains(&PriceMode::Conservative) {
        PriceMode::Conservative
    } else {
        PriceMode::Spot
    };
    let prices = held
        .iter()
        .zip(oracles)
        .map(|(&i, account)| {
            load_price(
                account,
                &pool.collaterals[i].feed_id,
                now,
                &pool.config,
                check,
            )
        })
        .collect::<Result<Vec<_>>>()?;
    let base = load_price(base_oracle, &pool.base_feed_id, now, &pool.config, check)?;
    modes
        .iter()
        .map(|&mode| pool.position_health(pos, &prices, &base, mode))
        .collect()
}

/// Fails unless `pos` stays within its borrow limit at conservative prices (no oracle is
/// needed while it has no debt).
pub(crate) fn require_within_borrow_limit(
    pool: &Pool,
    pos: &Position,
    base_oracle: &AccountInfo,
    oracles: &[AccountInfo],
    now: i64,
) -> Result<()> {
    if pos.scaled_debt.get() == 0 {
        return Ok(());
    }
    let h = health_from_accounts(
        pool,
        pos,
        base_oracle,
        oracles,
        now,
        &[PriceMode::Conservative],
    )?;
    require!(
        h[0].within_borrow_limit(),
        LendingError::BorrowLimitExceeded
    );
    Ok(())
}

/// The SPEC invariant, run at the end of every instruction that moves tokens or changes the
/// books: reads the vaults' balances as the token program left them after the CPIs.
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
