//! `flash_borrow`: a liquidator's capital for one transaction. Lent from the pool's cash,
//! counted as owed while out (no price moves), repaid with the fee to the insurance fund by
//! the pool's `flash_repay` later in the same transaction, or nothing happens at all.
mod attacks;
mod settlement;

use crate::support::*;
use anchor_lang::solana_program::instruction::Instruction;
use lending_pool::{
    errors::LendingError,
    events::{FlashBorrowed, FlashRepaid},
    state::PoolConfig,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// A pool listing SOL with `LENT` USDC of liquidity from one LP, and a flash borrower
/// holding only `fee_money` base tokens.
pub(super) async fn lent(config: PoolConfig, fee_money: u64) -> (Bank, PoolFixture, User, User) {
    let (mut bank, mut fx) = setup_with(config).await;
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    let lp = fx.user(&mut bank, LENT).await;
    bank.ok(&[fx.deposit_ix(&lp, LENT, 0)], &[&lp.key]).await;
    let flash = fx.user(&mut bank, fee_money).await;
    (bank, fx, lp, flash)
}

/// `flash_borrow(amount)` into the user's base account, then `flash_repay` from it.
pub(super) fn borrow_and_repay(fx: &PoolFixture, u: &User, amount: u64) -> Vec<Instruction> {
    vec![
        ix::flash_borrow(&fx.addrs, &u.key.pubkey(), &u.base, amount),
        ix::flash_repay(&fx.addrs, &u.key.pubkey(), &u.base),
    ]
}

/// 9,000 USDC lent for one transaction at 0.09%: the fee (8.1 USDC) is the insurance fund's,
/// the LPs' assets and share price never move, and the vault ends holding the books' cash.
#[tokio::test]
async fn flash_borrow_lends_for_one_transaction_at_the_fee() {
    let fee = 8_100_000;
    let (mut bank, fx, _, flash) = lent(PoolConfig::example(), fee).await;
    let before = fx.pool(&mut bank).await;
    let out = bank
        .ok(&borrow_and_repay(&fx, &flash, 9_000 * USDC), &[&flash.key])
        .await;
    let lent: FlashBorrowed = out.event();
    let repaid: FlashRepaid = out.event();
    assert_eq!(
        (lent.amount, lent.fee, lent.cash),
        (9_000 * USDC, fee, LENT)
    );
    assert_eq!(
        (
            repaid.amount,
            repaid.fee,
            repaid.cash_after,
            repaid.insurance_pending_after
        ),
        (9_000 * USDC, fee, LENT + fee, fee)
    );
    let after = fx.pool(&mut bank).await;
    assert_eq!(after.lp_assets().unwrap(), before.lp_assets().unwrap());
    assert_eq!((after.flash_outstanding, after.flash_fee_due), (0, 0));
    assert_eq!(
        bank.token_balance(&flash.base).await,
        0,
        "the fee was all it had"
    );
    assert_eq!(bank.token_balance(&fx.addrs.base_vault).await, LENT + fee);
    fx.assert_books(&mut bank).await;
    // the fee reaches the fund's vault like the reserve's interest
    bank.ok(&[ix::sweep_insurance(&fx.addrs)], &[]).await;
    assert_eq!(bank.token_balance(&fx.addrs.insurance_vault).await, fee);
}

/// The loan is capped at `flash_loan_cap_bps` of the cash LPs can lend; a cap of 0 turns
/// flash loans off, a borrow pause stops them too, and zero is no loan.
#[tokio::test]
async fn flash_borrow_refuses_over_the_cap_when_paused_and_zero() {
    let config = PoolConfig {
        flash_loan_cap_bps: 5_000,
        ..PoolConfig::example()
    };
    let (mut bank, fx, _, flash) = lent(config, 10 * USDC).await;
    let half = LENT / 2;
    assert_refused(
        &mut bank,
        &fx,
        &borrow_and_repay(&fx, &flash, half + 1),
        &[&flash.key],
        LendingError::FlashLoanTooLarge,
    )
    .await;
    bank.ok(&borrow_and_repay(&fx, &flash, half), &[&flash.key])
        .await;
    assert_refused(
        &mut bank,
        &fx,
        &borrow_and_repay(&fx, &flash, 0),
        &[&flash.key],
        LendingError::ZeroAmount,
    )
    .await;
    fx.guardian_pauses(&mut bank, lending_pool::constants::pause::BORROW)
        .await;
    assert_refused(
        &mut bank,
        &fx,
        &borrow_and_repay(&fx, &flash, 1),
        &[&flash.key],
        LendingError::OperationPaused,
    )
    .await;
    let (mut bank, fx, _, flash) = lent(
        PoolConfig {
            flash_loan_cap_bps: 0,
            ..PoolConfig::example()
        },
        10 * USDC,
    )
    .await;
    assert_refused(
        &mut bank,
        &fx,
        &borrow_and_repay(&fx, &flash, 1),
        &[&flash.key],
        LendingError::FlashLoanTooLarge,
    )
    .await;
}
