//! `deposit_collateral`: collateral in (the round trip out and the close are tagged for
//! `withdraw_collateral` and `close_position`), the wrong vault or slot, caps, and the
//! re-mark of a marked position.
use crate::support::*;
use anchor_lang::error::ErrorCode as AnchorError;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::ShortfallMarked,
    state::{mark_reason, CollateralParams, PoolConfig},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: withdraw_collateral, close_position
#[tokio::test]
async fn collateral_in_and_out_without_debt_then_close() {
    let (mut bank, fx, [sol, btc]) = setup_lending(0).await;
    let b = fx.borrower(&mut bank, 0, &[10 * SOL, 100_000_000]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 4 * SOL)], &[&b.key])
        .await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 1, 50_000_000)], &[&b.key])
        .await;
    let pos = bank.position(&b.position).await;
    assert_eq!(&pos.collateral[..2], &[4 * SOL, 50_000_000]);
    assert_eq!(bank.token_balance(&sol.vault).await, 4 * SOL);
    assert_eq!(
        fx.pool(&mut bank).await.collaterals[1].total_deposited,
        50_000_000
    );

    // failure modes change nothing
    assert_lending_err(
        bank.process(&[fx.deposit_collateral_ix(&b, 0, 0)], &[&b.key])
            .await,
        LendingError::ZeroAmount,
    );
    let wrong_vault = ix::deposit_collateral(
        &fx.addrs.pool,
        &b.position,
        &b.key.pubkey(),
        &btc.vault,
        &b.collateral[0],
        &fx.base_oracle,
        &[],
        0,
        SOL,
    );
    assert_anchor_err(
        bank.process(&[wrong_vault], &[&b.key]).await,
        AnchorError::ConstraintTokenMint,
    );
    let wrong_vault = ix::deposit_collateral(
        &fx.addrs.pool,
        &b.position,
        &b.key.pubkey(),
        &btc.vault,
        &b.collateral[1],
        &fx.base_oracle,
        &[],
        0,
        1,
    );
    assert_lending_err(
        bank.process(&[wrong_vault], &[&b.key]).await,
        LendingError::WrongCollateralVault,
    );
    let unknown = ix::deposit_collateral(
        &fx.addrs.pool,
        &b.position,
        &b.key.pubkey(),
        &sol.vault,
        &b.collateral[0],
        &fx.base_oracle,
        &[],
        3,
        SOL,
    );
    assert_lending_err(
        bank.process(&[unknown], &[&b.key]).await,
        LendingError::UnknownCollateral,
    );
    let ix = fx
        .withdraw_collateral_ix(&mut bank, &b, 0, 4 * SOL + 1)
        .await;
    assert_lending_err(
        bank.process(&[ix], &[&b.key]).await,
        LendingError::InsufficientCollateral,
    );
    let r = bank
        .process(
            &[ix::close_position(
                &fx.addrs.pool,
                &b.key.pubkey(),
                &b.position,
            )],
            &[&b.key],
        )
        .await;
    assert_lending_err(r, LendingError::PositionNotEmpty);
    // someone else cannot take it out
    let mallory = fx.borrower(&mut bank, 0, &[]).await;
    let steal = ix::withdraw_collateral(
        &fx.addrs.pool,
        &b.position,
        &mallory.key.pubkey(),
        &sol.vault,
        &mallory.collateral[0],
        &fx.base_oracle,
        &[],
        0,
        SOL,
    );
    assert_anchor_err(
        bank.process(&[steal], &[&mallory.key]).await,
        AnchorError::ConstraintHasOne,
    );

    // without debt no oracle is needed
    for slot in 0..2u8 {
        let held = bank.position(&b.position).await.collateral[slot as usize];
        let ix = fx.withdraw_collateral_ix(&mut bank, &b, slot, held).await;
        bank.ok(&[ix], &[&b.key]).await;
    }
    assert_eq!(bank.token_balance(&b.collateral[0]).await, 10 * SOL);
    let lamports_before = bank
        .ctx()
        .banks_client
        .get_balance(b.key.pubkey())
        .await
        .unwrap();
    bank.ok(
        &[ix::close_position(
            &fx.addrs.pool,
            &b.key.pubkey(),
            &b.position,
        )],
        &[&b.key],
    )
    .await;
    assert!(bank.account_data(&b.position).await.is_none());
    assert!(
        bank.ctx()
            .banks_client
            .get_balance(b.key.pubkey())
            .await
            .unwrap()
            > lamports_before,
        "rent returned"
    );
}

#[tokio::test]
async fn collateral_deposit_cap() {
    let (mut bank, mut fx) = setup().await;
    fx.add_collateral(
        &mut bank,
        9,
        SOL_PRICE,
        CollateralParams {
            deposit_cap: 5 * SOL,
            ..sol_params()
        },
    )
    .await;
    let b = fx.borrower(&mut bank, 0, &[10 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 5 * SOL)], &[&b.key])
        .await;
    assert_lending_err(
        bank.process(&[fx.deposit_collateral_ix(&b, 0, 1)], &[&b.key])
            .await,
        LendingError::CollateralCapExceeded,
    );
}

// also covers: borrow
#[tokio::test]
async fn borrow_and_collateral_deposits_re_mark_a_marked_position() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 100_000 * USDC).await;
    let bank = &mut bank;
    let b = fx.borrower(bank, 0, &[2 * HELD]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, HELD)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(bank, &b, BORROWED).await;
    bank.ok(&[ix], &[&b.key]).await;
    fx.set_prices(bank, &[CRASHED]).await;
    let marked = mark(bank, &fx, &b).await.shortfall_after;
    // a marked position takes collateral only with the oracles, so the mark follows it
    let plain = fx.deposit_collateral_ix(&b, 0, SOL);
    let check = |r| assert_lending_err(r, LendingError::OracleAccountsMismatch);
    let watched = [b.position, b.collateral[0]];
    assert_unchanged(bank, &fx, &watched, &[plain], &[&b.key], check).await;
    let ix = fx.deposit_collateral_marked_ix(bank, &b, 0, 2 * SOL).await;
    let ev: ShortfallMarked = bank.ok(&[ix], &[&b.key]).await.event();
    assert_eq!(ev.reason, mark_reason::COLLATERAL);
    // 2 SOL at $50 repay 100 / 1.05 more, and the 1% fee on it reaches the fund
    assert!(
        ev.shortfall_after
            .abs_diff(marked - 100 * USDC * 10_100 / 10_500)
            <= 1
    );
    assert_marks(bank, &fx, &b, &[&b]).await;
    // the price recovers: the next borrow re-marks it to zero
    fx.set_prices(bank, &[SOL_PRICE]).await;
    let ix = fx.borrow_ix(bank, &b, USDC).await;
    let ev: ShortfallMarked = bank.ok(&[ix], &[&b.key]).await.event();
    assert_eq!((ev.reason, ev.shortfall_after), (mark_reason::BORROW, 0));
    assert_eq!(fx.pool(bank).await.marked_shortfall, 0);
    // unmarked again: deposits need no oracles
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, SOL)], &[&b.key])
        .await;
}

/// Collateral deposits pause only together with liquidation (a borrower is never kept from
/// defending a position others may liquidate): then a deposit is refused
/// (`OperationPaused`), and it goes through once they resume.
// also covers: set_pause
#[tokio::test]
async fn deposit_collateral_pauses_only_with_liquidation() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = fx.borrower(bank, 0, &[HELD + SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, HELD)], &[&b.key])
        .await;
    fx.guardian_pauses(bank, pause::DEPOSIT_COLLATERAL | pause::LIQUIDATE)
        .await;
    let deposit = fx.deposit_collateral_ix(&b, 0, SOL);
    let watched = [b.position, b.collateral[0], fx.collaterals[0].vault];
    let paused = |r| assert_lending_err(r, LendingError::OperationPaused);
    assert_unchanged(
        bank,
        &fx,
        &watched,
        std::slice::from_ref(&deposit),
        &[&b.key],
        paused,
    )
    .await;
    fx.guardian_pauses(bank, 0).await;
    bank.ok(&[deposit], &[&b.key]).await;
    assert_eq!(bank.position(&b.position).await.collateral[0], HELD + SOL);
    assert_eq!(bank.token_balance(&b.collateral[0]).await, 0);
    fx.assert_books(bank).await;
}
