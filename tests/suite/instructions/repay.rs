//! `repay`: by anyone, never more than the debt, and how it moves a mark.
use crate::support::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{DebtChanged, ShortfallMarked},
    state::{mark_reason, PoolConfig},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

#[tokio::test]
async fn anyone_repays_and_overpaying_repays_exactly_the_debt() {
    let (mut bank, fx, _) = setup_lending(10_000 * USDC).await;
    let b = fx.borrower(&mut bank, 0, &[100 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 100 * SOL)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 1_000 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    assert_lending_err(
        bank.process(&[fx.repay_ix(&b, 0)], &[&b.key]).await,
        LendingError::ZeroAmount,
    );

    // a friend pays part of it
    let friend = fx.user(&mut bank, 5_000 * USDC).await;
    let ix = ix::repay(
        &fx.addrs,
        &b.position,
        &friend.key.pubkey(),
        &friend.base,
        400 * USDC,
    );
    let ev: DebtChanged = bank.ok(&[ix], &[&friend.key]).await.event();
    assert!(!ev.is_borrow);
    assert_eq!(
        (ev.amount, ev.position_debt_before, ev.position_debt_after),
        (400 * USDC, 1_000 * USDC, 600 * USDC)
    );
    // far more than the debt: exactly the debt moves
    let ix = ix::repay(
        &fx.addrs,
        &b.position,
        &friend.key.pubkey(),
        &friend.base,
        u64::MAX,
    );
    let ev: DebtChanged = bank.ok(&[ix], &[&friend.key]).await.event();
    assert_eq!((ev.amount, ev.position_debt_after), (600 * USDC, 0));
    assert_eq!(bank.token_balance(&friend.base).await, 4_000 * USDC);
    let pool = fx.pool(&mut bank).await;
    assert_eq!(
        (pool.total_scaled_debt.get(), pool.cash),
        (0, 10_000 * USDC)
    );
    assert_lending_err(
        bank.process(&[fx.repay_ix(&b, 1)], &[&b.key]).await,
        LendingError::NoDebt,
    );
    fx.assert_books(&mut bank).await;
}

#[tokio::test]
async fn repay_lowers_the_mark_by_exactly_the_repayment() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 100_000 * USDC).await;
    let bank = &mut bank;
    let b = underwater(bank, &fx).await;
    let marked = mark(bank, &fx, &b).await.shortfall_after;
    let ev: ShortfallMarked = bank
        .ok(&[fx.repay_ix(&b, 100 * USDC)], &[&b.key])
        .await
        .event();
    assert_eq!(ev.reason, mark_reason::REPAYMENT);
    assert_eq!(
        (ev.shortfall_before, ev.shortfall_after),
        (marked, marked - 100 * USDC)
    );
    assert_eq!(fx.pool(bank).await.marked_shortfall, marked - 100 * USDC);
    // a repayment larger than what is left releases it (the position is then solvent)
    let ev: ShortfallMarked = bank.ok(&[fx.repay_ix(&b, marked)], &[&b.key]).await.event();
    assert_eq!((ev.shortfall_after, ev.marked_shortfall_after), (0, 0));
    assert_eq!(fx.shortfall_now(bank, &b).await, 0);
}

/// Repayment pauses only together with liquidation (nobody is liquidated while kept from
/// repaying): then a repayment is refused (`OperationPaused`), and it goes through once
/// they resume.
// also covers: set_pause
#[tokio::test]
async fn repay_pauses_only_with_liquidation() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = borrower(bank, &fx).await;
    fx.guardian_pauses(bank, pause::REPAY | pause::LIQUIDATE)
        .await;
    let repay = fx.repay_ix(&b, 100 * USDC);
    let paused = |r| assert_lending_err(r, LendingError::OperationPaused);
    let watched = [b.position, b.base];
    assert_unchanged(
        bank,
        &fx,
        &watched,
        std::slice::from_ref(&repay),
        &[&b.key],
        paused,
    )
    .await;
    fx.guardian_pauses(bank, 0).await;
    let ev: DebtChanged = bank.ok(&[repay], &[&b.key]).await.event();
    assert_eq!(
        (ev.position_debt_before, ev.position_debt_after),
        (BORROWED, BORROWED - 100 * USDC)
    );
    fx.assert_books(bank).await;
}
