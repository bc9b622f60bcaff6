//! A frozen pool's later life (SPEC "Insolvency and recovery"), on the wiped-out pool of
//! `support::wipe_out`: defaults that take the LPs' equity below the floor freeze the pool;
//! while frozen it takes no new value or risk but lets collateral and LPs out; anyone may
//! recapitalize it; the guardian or admin reopens it once the LPs have equity again, and
//! business goes on as usual.
//!
//! `lp_assets = cash + total_debt − insurance_pending` and the pending claim is held in cash,
//! so `lp_assets == 0` means `total_debt == 0`: a frozen pool has no debt (and can take
//! none), so repay and settlement stay open in it but find nothing owed.
use crate::support::{wipe_out::*, *};
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated, PoolUnfrozen, Recapitalized},
    math::{share_price_wad_down, to_assets_down, to_shares_down},
    state::{STATUS_ACTIVE, STATUS_FROZEN},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

#[tokio::test]
async fn defaults_that_leave_the_lps_under_the_floor_freeze_the_pool() {
    let mut w = wipe_out().await;
    let pool = w.fx.pool(&mut w.bank).await;
    assert_eq!(pool.status, STATUS_FROZEN);
    assert_eq!(pool.pause_flags, pause::BREAKER);
    assert_eq!(
        (
            pool.cash,
            pool.total_debt().unwrap(),
            pool.insurance_pending,
            pool.lp_assets().unwrap()
        ),
        (KEPT, 0, 0, KEPT)
    );
    assert_eq!(
        (
            pool.total_socialized,
            pool.total_insurance_paid,
            pool.total_recovered,
            pool.settlement_seq
        ),
        (LOSS, 0, 0, 1)
    );
    assert_eq!(w.bank.mint_supply(&w.fx.addrs.lp_mint).await, SHARES_LEFT);
    assert_eq!(w.bank.token_balance(&w.early.lp).await, 2_000 * USDC);
    let pos = w.bank.position(&w.b.position).await;
    assert!(pos.is_empty());
    w.fx.assert_books(&mut w.bank).await;
}

// also covers: deposit, deposit_collateral, borrow, withdraw_collateral, redeem, request_exit, repay, settle_bad_debt, liquidate
#[tokio::test]
async fn a_frozen_pool_takes_no_new_value_or_risk_but_lets_collateral_out() {
    let mut w = wipe_out().await;
    let (bank, fx) = (&mut w.bank, &w.fx);
    let newcomer = fx.user(bank, 1_000 * USDC).await;
    assert_refused(
        bank,
        fx,
        &[fx.deposit_ix(&newcomer, 1_000 * USDC, 0)],
        &[&newcomer.key],
        LendingError::PoolFrozen,
    )
    .await;
    assert_refused(
        bank,
        fx,
        &[fx.deposit_collateral_ix(&w.saver, 0, SOL)],
        &[&w.saver.key],
        LendingError::PoolFrozen,
    )
    .await;
    // refused as frozen before the breaker is asked
    let borrow = fx.borrow_ix(bank, &w.saver, USDC).await;
    assert_refused(
        bank,
        fx,
        &[borrow],
        &[&w.saver.key],
        LendingError::PoolFrozen,
    )
    .await;
    assert_eq!(bank.token_balance(&newcomer.base).await, 1_000 * USDC);
    assert_eq!(bank.token_balance(&w.saver.collateral[0]).await, SOL);

    // collateral without debt is free to go, frozen pool and tripped breaker alike
    let ix = fx.withdraw_collateral_ix(bank, &w.saver, 0, 4 * SOL).await;
    bank.ok(&[ix], &[&w.saver.key]).await;
    assert_eq!(
        bank.position(&w.saver.position).await.collateral[0],
        6 * SOL
    );
    assert_eq!(bank.token_balance(&w.saver.collateral[0]).await, 5 * SOL);
    assert_eq!(fx.pool(bank).await.collaterals[0].total_deposited, 6 * SOL);

    // exits stay open, pro rata (by request while the tripped breaker stresses the pool): a
    // share pays (KEPT + 1) / (SHARES_LEFT + 1) of a unit, so one share pays nothing
    assert_refused(
        bank,
        fx,
        &[fx.redeem_ix(&w.alice, 1, 0)],
        &[&w.alice.key],
        LendingError::PoolStressed,
    )
    .await;
    assert_refused(
        bank,
        fx,
        &[fx.request_exit_ix(&w.alice, 1, 0)],
        &[&w.alice.key],
        LendingError::ZeroAssetsOut,
    )
    .await;
    assert_eq!(bank.token_balance(&w.alice.lp).await, ALICE_SHARES);

    // repay, liquidation and settlement pass the gate, but nobody owes anything (the
    // defaulted borrower still holds the 10,000 USDC it borrowed)
    assert_refused(
        bank,
        fx,
        &[fx.repay_ix(&w.b, USDC)],
        &[&w.b.key],
        LendingError::NoDebt,
    )
    .await;
    assert_refused(
        bank,
        fx,
        &[ix::settle_bad_debt(&fx.addrs, &w.b.position)],
        &[],
        LendingError::NoDebt,
    )
    .await;
    let liquidate = fx
        .liquidate_ix(
            bank,
            &w.saver,
            &w.liq.user.key.pubkey(),
            &w.liq.user.base,
            &w.liq.collateral[0],
            0,
            u64::MAX,
            0,
        )
        .await;
    assert_refused(
        bank,
        fx,
        &[liquidate],
        &[&w.liq.user.key],
        LendingError::PositionHealthy,
    )
    .await;
    assert_eq!(fx.pool(bank).await.status, STATUS_FROZEN);
    fx.assert_books(bank).await;
}

// also covers: recapitalize, unfreeze
#[tokio::test]
async fn a_recapitalized_pool_pays_out_pro_rata_then_reopens_for_business() {
    let mut w = wipe_out().await;
    let (bank, fx) = (&mut w.bank, &w.fx);
    // a third party (no LP shares of its own) gives 3,000 USDC to the LPs who stayed
    let rescuer = fx.user(bank, 3_000 * USDC).await;
    let out = bank
        .ok(
            &[ix::recapitalize(
                &fx.addrs,
                &rescuer.key.pubkey(),
                &rescuer.base,
                3_000 * USDC,
                SHARES_LEFT,
            )],
            &[&rescuer.key],
        )
        .await;
    let r: Recapitalized = out.event();
    assert_eq!((r.pool, r.donor), (fx.addrs.pool, rescuer.key.pubkey()));
    assert_eq!(
        (r.amount, r.lp_assets_before, r.lp_assets_after, r.lp_supply),
        (3_000 * USDC, KEPT, LP_AFTER, SHARES_LEFT)
    );
    assert_eq!(
        r.share_price_before_wad,
        share_price_wad_down(KEPT, SHARES_LEFT).unwrap()
    );
    // (3,093,121,695 + 1) / (10,000,000,000 + 1)
    assert_eq!(r.share_price_after_wad, 309_312_169_569_068_783);
    assert_eq!(
        r.share_price_after_wad,
        share_price_wad_down(LP_AFTER, SHARES_LEFT).unwrap()
    );
    assert_eq!(r.total_recovered, 3_000 * USDC);
    assert!(
        r.frozen,
        "still frozen until the guardian or admin reopens it"
    );
    let pool = fx.pool(bank).await;
    assert_eq!(
        (pool.cash, pool.lp_assets().unwrap(), pool.total_recovered),
        (LP_AFTER, LP_AFTER, 3_000 * USDC)
    );
    assert_eq!(pool.status, STATUS_FROZEN);
    assert_eq!(bank.token_balance(&rescuer.base).await, 0);
    assert_eq!(bank.token_balance(&rescuer.lp).await, 0);
    assert_eq!(bank.mint_supply(&fx.addrs.lp_mint).await, SHARES_LEFT);
    fx.assert_books(bank).await;

    // still frozen: no deposits, but exits pay pro rata what was given back.
    // alice: 5,000,000,000 × 3,093,121,696 / 10,000,000,001
    let newcomer = fx.user(bank, 1_000 * USDC).await;
    assert_refused(
        bank,
        fx,
        &[fx.deposit_ix(&newcomer, 1_000 * USDC, 0)],
        &[&newcomer.key],
        LendingError::PoolFrozen,
    )
    .await;
    fx.exit_shares(bank, &w.alice, ALICE_SHARES, ALICE_OUT)
        .await;
    assert_eq!(bank.token_balance(&w.alice.base).await, ALICE_OUT);
    assert_eq!(
        ALICE_OUT,
        to_assets_down(ALICE_SHARES, LP_AFTER, SHARES_LEFT).unwrap()
    );
    // bob: 3,000,000,000 × (LP_AFTER − ALICE_OUT + 1) / 5,000,000,001
    let bob_out =
        to_assets_down(BOB_SHARES, LP_AFTER - ALICE_OUT, SHARES_LEFT - ALICE_SHARES).unwrap();
    fx.exit_shares(bank, &w.bob, BOB_SHARES, bob_out).await;
    assert_eq!(bank.token_balance(&w.bob.base).await, bob_out);
    let left = LP_AFTER - ALICE_OUT - bob_out;
    let early_shares = SHARES_LEFT - ALICE_SHARES - BOB_SHARES;
    assert_eq!(bank.token_balance(&w.early.lp).await, early_shares);

    // equity again: the admin reopens (the guardian could too), once
    let out = bank
        .ok(&[ix::unfreeze(&fx.addrs, &fx.admin.pubkey())], &[&fx.admin])
        .await;
    let u: PoolUnfrozen = out.event();
    assert_eq!((u.pool, u.authority), (fx.addrs.pool, fx.admin.pubkey()));
    assert_eq!((u.lp_assets, u.lp_supply), (left, early_shares));
    assert_eq!(
        u.share_price_wad,
        share_price_wad_down(left, early_shares).unwrap()
    );
    // about 0.31 of par: above the floor
    assert_eq!(fx.pool(bank).await.status, STATUS_ACTIVE);
    assert_refused(
        bank,
        fx,
        &[ix::unfreeze(&fx.addrs, &fx.guardian.pubkey())],
        &[&fx.guardian],
        LendingError::PoolNotFrozen,
    )
    .await;

    // the breaker the wipe-out tripped is the guardian's to clear; a day and a bucket
    // later the wipe-out has also left its window
    let borrow = fx.borrow_ix(bank, &w.saver, USDC).await;
    assert_refused(
        bank,
        fx,
        &[borrow],
        &[&w.saver.key],
        LendingError::CircuitBreakerTripped,
    )
    .await;
    bank.ok(
        &[ix::set_pause(&fx.addrs.pool, &fx.guardian.pubkey(), 0)],
        &[&fx.guardian],
    )
    .await;
    let window = fx.pool(bank).await.config.breaker_window_secs as i64;
    bank.warp(window + window / 16).await;
    fx.set_prices(bank, &[SOL_PRICE, BTC_PRICE]).await;

    // business as usual: a deposit at the recapitalized price
    let minted = to_shares_down(1_000 * USDC, left, early_shares).unwrap();
    bank.ok(
        &[fx.deposit_ix(&newcomer, 1_000 * USDC, minted)],
        &[&newcomer.key],
    )
    .await;
    assert_eq!(bank.token_balance(&newcomer.lp).await, minted);
    // collateral, a borrow and a repayment
    bank.ok(
        &[fx.deposit_collateral_ix(&w.saver, 0, SOL)],
        &[&w.saver.key],
    )
    .await;
    let borrow = fx.borrow_ix(bank, &w.saver, 500 * USDC).await;
    bank.ok(&[borrow], &[&w.saver.key]).await;
    bank.ok(&[fx.repay_ix(&w.saver, 100 * USDC)], &[&w.saver.key])
        .await;
    let pos = bank.position(&w.saver.position).await;
    let pool = fx.pool(bank).await;
    assert_eq!(pos.debt(pool.borrow_index.get()).unwrap(), 400 * USDC);
    assert_eq!(bank.token_balance(&w.saver.base).await, 400 * USDC);
    let lp_assets = left + 1_000 * USDC;
    assert_eq!(pool.lp_assets().unwrap(), lp_assets);
    assert_eq!(pool.cash, lp_assets - 400 * USDC);

    // SOL at $35: 11 SOL ($385) cannot pay the bonus on $400, so one liquidation takes it
    // all for $385 / 1.05 and the rest settles in the same instruction
    fx.set_prices(bank, &[35 * DOLLAR, BTC_PRICE]).await;
    let out = liquidate_slot(bank, fx, &w.liq, &w.saver, 0).await.unwrap();
    let l: Liquidated = out.event();
    assert_eq!(
        (l.repaid, l.collateral_out, l.fee),
        (366_666_667, 11 * SOL, 0)
    );
    let s: BadDebtSettled = out.event();
    let loss = 400 * USDC - 366_666_667;
    assert_eq!((s.seq, s.debt, s.socialized), (2, loss, loss));
    assert_eq!(
        (s.lp_assets_before, s.lp_assets_after),
        (lp_assets, lp_assets - loss)
    );
    // 33.3 USDC is below 5% of the LPs' 1,6xx and the wipe-out is out of the window
    assert!(!s.frozen && !s.breaker_tripped);
    let pool = fx.pool(bank).await;
    assert_eq!((pool.status, pool.pause_flags), (STATUS_ACTIVE, 0));
    assert_eq!(
        (
            pool.total_socialized,
            pool.total_recovered,
            pool.settlement_seq
        ),
        (LOSS + loss, 3_000 * USDC, 2)
    );
    assert_eq!(pool.total_debt().unwrap(), 0);
    assert_eq!(pool.lp_assets().unwrap(), lp_assets - loss);
    fx.assert_books(bank).await;
}
