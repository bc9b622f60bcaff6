//! mark_shortfall on the SBF binary: what a mark records (checked against
//! `Pool::shortfall_at` computed natively from the accounts), marks following prices both
//! ways, corrections by anyone, and how repay, borrow, collateral deposits, liquidation and
//! settlement move a mark.
use crate::common::*;
use crate::liquidation::{DOLLAR, SOL, USDC};
use crate::stakes_common::*;
use lending_pool::{
    constants::BPS,
    errors::LendingError,
    events::{BadDebtSettled, ShortfallMarked},
    state::{mark_reason, PoolConfig},
};
use lending_pool_harness::*;

/// Marks `b` (signed by a fresh key: marking is permissionless) and returns the event.
pub async fn mark(bank: &mut Bank, fx: &PoolFixture, b: &Borrower) -> ShortfallMarked {
    let marker = bank.keypair();
    let ix = fx.mark_ix(bank, b, &marker.pubkey()).await;
    let ev: ShortfallMarked = bank.ok(&[ix], &[&marker]).await.event();
    assert_eq!((ev.actor, ev.reason), (marker.pubkey(), mark_reason::MARK));
    ev
}

/// The position's mark equals the native `shortfall_at` and the pool's sum is over `all`.
async fn assert_marks(bank: &mut Bank, fx: &PoolFixture, b: &Borrower, all: &[&Borrower]) {
    let pos = bank.position(&b.position).await;
    assert_eq!(pos.marked_shortfall, fx.shortfall_now(bank, b).await);
    let mut sum = 0;
    for o in all {
        sum += bank.position(&o.position).await.marked_shortfall;
    }
    assert_eq!(fx.pool(bank).await.marked_shortfall, sum);
}

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

#[tokio::test]
async fn liquidation_re_marks_and_settlement_releases() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 100_000 * USDC).await;
    let bank = &mut bank;
    let b = borrower(bank, &fx).await;
    let other = borrower(bank, &fx).await;
    fx.set_prices(bank, &[CRASHED]).await;
    mark(bank, &fx, &b).await;
    mark(bank, &fx, &other).await;
    // SOL back at $130: b is liquidatable but solvent; a partial liquidation re-marks it at
    // its prices, to zero
    fx.set_prices(bank, &[130 * DOLLAR]).await;
    let liq = liquidator(bank, &fx).await;
    let ix = fx.liquidate_by_ix(bank, &liq, &b, 0, 100 * USDC, 0).await;
    let ev: ShortfallMarked = bank.ok(&[ix], &[&liq.user.key]).await.event();
    assert_eq!(
        (ev.reason, ev.shortfall_after),
        (mark_reason::LIQUIDATION, 0)
    );
    assert_marks(bank, &fx, &b, &[&b, &other]).await;
    // SOL at $50 again: b is marked anew; `other` is liquidated to zero and settles, which
    // releases its mark (reported by BadDebtSettled; no ShortfallMarked event)
    fx.set_prices(bank, &[CRASHED]).await;
    let kept = mark(bank, &fx, &b).await.shortfall_after;
    let marked = bank.position(&other.position).await.marked_shortfall;
    let ix = fx.liquidate_by_ix(bank, &liq, &other, 0, u64::MAX, 0).await;
    let out = bank.ok(&[ix], &[&liq.user.key]).await;
    let s: BadDebtSettled = out.event();
    assert!(out.events::<ShortfallMarked>().is_empty());
    assert_eq!((s.mark_released, s.marked_shortfall_after), (marked, kept));
    let pos = bank.position(&other.position).await;
    assert_eq!((pos.marked_shortfall, pos.mark_ts), (0, 0));
    assert_marks(bank, &fx, &b, &[&b, &other]).await;
    fx.assert_books(bank).await;
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
