//! `mark_shortfall` on the SBF binary: what a mark records (checked against
//! `Pool::shortfall_at` computed natively from the accounts), marks following prices both
//! ways, corrections by anyone, and bad input. The marks that would misprice a loss are in
//! `loss`.
mod loss;

use crate::support::*;
use lending_pool::{constants::BPS, errors::LendingError, state::PoolConfig};
use lending_pool_testkit::*;

#[tokio::test]
async fn a_mark_records_debt_minus_repayable_and_the_pool_sums_them() {
    let (mut bank, fx, _) = setup_lending(100_000 * USDC).await;
    let bank = &mut bank;
    let b1 = borrower(bank, &fx).await;
    // b2 holds both assets: 5 SOL ($750) and 0.01 BTC ($600) against 900
    let b2 = fx.borrower(bank, 0, &[5 * SOL, 1_000_000]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b2, 0, 5 * SOL)], &[&b2.key])
        .await;
    bank.ok(&[fx.deposit_collateral_ix(&b2, 1, 1_000_000)], &[&b2.key])
        .await;
    let ix = fx.borrow_ix(bank, &b2, 900 * USDC).await;
    bank.ok(&[ix], &[&b2.key]).await;
    // SOL to $50, BTC to $20,000: b1 holds $500, b2 $250 + $200
    fx.set_prices(bank, &[CRASHED, 20_000 * DOLLAR]).await;
    let ev = mark(bank, &fx, &b1).await;
    // by hand: each slot repays its value less the full bonus, and that repayment pays the
    // fund its 1% fee on top (LPs and insurance lose neither), rounded down
    let fee = PoolConfig::example().liquidation_fee_bps as u64;
    let repayable = |usd: u64, bonus: u64| usd * USDC * (BPS + fee) / (BPS + bonus);
    let want1 = BORROWED - repayable(500, 500);
    assert_eq!(ev.shortfall_after, want1);
    assert_eq!(
        (ev.position_debt, ev.marked_shortfall_after),
        (BORROWED, want1)
    );
    assert_marks(bank, &fx, &b1, &[&b1]).await;
    let ev = mark(bank, &fx, &b2).await;
    let value = (250 * USDC * BPS / 10_500 + 200 * USDC * BPS / 10_800) * (BPS + fee) / BPS;
    assert!(ev.shortfall_after.abs_diff(900 * USDC - value) <= 1);
    assert_eq!(ev.marked_shortfall_before, want1);
    assert_eq!(ev.marked_shortfall_after, want1 + ev.shortfall_after);
    assert_marks(bank, &fx, &b2, &[&b1, &b2]).await;
}

#[tokio::test]
async fn marks_follow_prices_both_ways_and_anyone_corrects_them() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 100_000 * USDC).await;
    let bank = &mut bank;
    let b = underwater(bank, &fx).await;
    let at_50 = mark(bank, &fx, &b).await.shortfall_after;
    // further down: the re-mark raises it; back up: lowers it
    let mut last = at_50;
    for (price, higher) in [(40, true), (80, false)] {
        fx.set_prices(bank, &[price * DOLLAR]).await;
        let ev = mark(bank, &fx, &b).await;
        assert_eq!(ev.shortfall_before, last);
        assert_eq!(ev.shortfall_after > last, higher);
        last = ev.shortfall_after;
        assert_marks(bank, &fx, &b, &[&b]).await;
    }
    // a mark at a manipulated price (SOL at a cent): nearly the whole debt
    fx.set_prices(bank, &[DOLLAR / 100]).await;
    let ev = mark(bank, &fx, &b).await;
    assert!(ev.shortfall_after > BORROWED - USDC);
    let pool = fx.pool(bank).await;
    let ledger = fx.insurance(bank).await.balance().unwrap();
    assert!(pool.exit_lp_assets(ledger).unwrap() < pool.lp_assets().unwrap());
    // the price recovers and anyone releases the mark: the exit price is whole again
    fx.set_prices(bank, &[SOL_PRICE]).await;
    let ev = mark(bank, &fx, &b).await;
    assert_eq!((ev.shortfall_after, ev.marked_shortfall_after), (0, 0));
    let (pool, pos) = (fx.pool(bank).await, bank.position(&b.position).await);
    assert_eq!(
        pool.exit_lp_assets(ledger).unwrap(),
        pool.lp_assets().unwrap()
    );
    assert_eq!((pos.marked_shortfall, pos.mark_ts), (0, 0));
    // nothing left to mark
    let marker = bank.keypair();
    let ix = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    let check = |r| assert_lending_err(r, LendingError::NothingToMark);
    assert_unchanged(bank, &fx, &[b.position], &[ix], &[&marker], check).await;
}

#[tokio::test]
async fn bad_mark_input_gets_its_error_and_changes_nothing() {
    let (mut bank, fx, [sol, btc]) = setup_lending(100_000 * USDC).await;
    let bank = &mut bank;
    let other = PoolFixture::new(bank, DECIMALS, PoolConfig::example()).await;
    let b = borrower(bank, &fx).await;
    let marker = bank.keypair();
    let m = marker.pubkey();
    let p = fx.addrs.pool;
    use lending_pool_sdk::ix::mark_shortfall;
    // healthy and unmarked: nothing to mark
    let healthy = mark_shortfall(&p, &b.position, &m, &fx.base_oracle, &[sol.oracle]);
    fx.set_prices(bank, &[CRASHED, BTC_PRICE]).await;
    let cases = [
        (
            mark_shortfall(&p, &b.position, &m, &fx.base_oracle, &[]),
            LendingError::OracleAccountsMismatch,
        ),
        (
            mark_shortfall(
                &p,
                &b.position,
                &m,
                &fx.base_oracle,
                &[sol.oracle, btc.oracle],
            ),
            LendingError::OracleAccountsMismatch,
        ),
        (
            mark_shortfall(&p, &b.position, &m, &fx.base_oracle, &[btc.oracle]),
            LendingError::OracleWrongFeed,
        ),
        (
            mark_shortfall(&p, &b.position, &m, &sol.oracle, &[sol.oracle]),
            LendingError::OracleWrongFeed,
        ),
    ];
    for (ix, e) in cases {
        let check = move |r| assert_lending_err(r, e);
        assert_unchanged(bank, &fx, &[b.position], &[ix], &[&marker], check).await;
    }
    // the position of another pool
    let ix = mark_shortfall(
        &other.addrs.pool,
        &b.position,
        &m,
        &fx.base_oracle,
        &[sol.oracle],
    );
    let check = |r| assert_anchor_err(r, anchor_lang::error::ErrorCode::ConstraintHasOne);
    assert_unchanged(bank, &fx, &[b.position], &[ix], &[&marker], check).await;
    fx.set_prices(bank, &[SOL_PRICE, BTC_PRICE]).await;
    let check = |r| assert_lending_err(r, LendingError::NothingToMark);
    assert_unchanged(bank, &fx, &[b.position], &[healthy], &[&marker], check).await;
}
