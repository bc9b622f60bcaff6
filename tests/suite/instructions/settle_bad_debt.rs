//! `settle_bad_debt`: standalone settlement of a bankrupt position, and what it refuses.
use crate::support::*;
use lending_pool::{constants::pause, errors::LendingError, events::BadDebtSettled};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: preview_settle
#[tokio::test]
async fn settle_bad_debt_standalone_with_interest_up_to_settlement() {
    let mut c = crash_setup(100_000 * USDC, 50 * USDC).await;
    // settlement paused: the liquidation leaves a bankrupt position behind
    c.bank
        .ok(
            &[ix::set_pause(
                &c.fx.addrs.pool,
                &c.fx.guardian.pubkey(),
                pause::SETTLE,
            )],
            &[&c.fx.guardian],
        )
        .await;
    c.set_sol_price(50 * DOLLAR).await;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    assert!(out.events::<BadDebtSettled>().is_empty());
    let settle = ix::settle_bad_debt(&c.fx.addrs, &c.b.position);
    assert_lending_err(
        c.bank.process(std::slice::from_ref(&settle), &[]).await,
        LendingError::OperationPaused,
    );
    // the preview runs the same settlement, so it honours the pause too
    let preview = ix::preview_settle(&c.fx.addrs, &c.b.position);
    assert_lending_err(
        c.bank.process(&[preview], &[]).await,
        LendingError::OperationPaused,
    );
    c.bank
        .ok(
            &[ix::set_pause(&c.fx.addrs.pool, &c.fx.guardian.pubkey(), 0)],
            &[&c.fx.guardian],
        )
        .await;

    // 30 days pass: the bankrupt debt keeps accruing until someone settles it
    c.bank.warp(30 * 86_400).await;
    let preview = c.preview().await;
    let debt_then = c
        .bank
        .position(&c.b.position)
        .await
        .debt(c.fx.pool(&mut c.bank).await.borrow_index.get())
        .unwrap();
    assert!(
        preview.position_debt > debt_then,
        "interest accrued up to settlement"
    );
    let out = c.bank.ok(std::slice::from_ref(&settle), &[]).await;
    let s: BadDebtSettled = out.event();
    assert_eq!(
        (s.debt, s.socialized, s.from_pending, s.from_insurance_vault),
        (
            preview.debt,
            preview.socialized,
            preview.from_pending,
            preview.from_insurance_vault
        )
    );
    assert_eq!(s.share_price_after_wad, preview.share_price_after_wad);
    assert!(
        s.from_pending > 0,
        "the interest's insurance share is used first"
    );
    assert_eq!(s.covered, s.from_pending + s.from_insurance_vault);
    assert_eq!(s.debt, s.covered + s.socialized);
    assert_eq!(
        c.fx.pool(&mut c.bank).await.total_debt().unwrap(),
        0,
        "total_debt dropped by exactly D"
    );
    // settling twice is refused
    assert_lending_err(c.bank.process(&[settle], &[]).await, LendingError::NoDebt);
    c.fx.assert_books(&mut c.bank).await;
}

#[tokio::test]
async fn nobody_settles_a_position_with_collateral_or_without_debt() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    let settle = ix::settle_bad_debt(&c.fx.addrs, &c.b.position);
    assert_lending_err(
        c.bank.process(&[settle], &[]).await,
        LendingError::PositionHasCollateral,
    );
    let empty = c.fx.borrower(&mut c.bank, 0, &[]).await;
    let settle = ix::settle_bad_debt(&c.fx.addrs, &empty.position);
    assert_lending_err(c.bank.process(&[settle], &[]).await, LendingError::NoDebt);
}
