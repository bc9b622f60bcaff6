//! The rolling circuit breaker on the bank (SPEC "Circuit breaker"): losses are counted in 17
//! buckets of a sixteenth of the window, so every loss of the last window counts wherever
//! the bucket boundaries fall, none older than the window and a bucket does; a trip stops
//! borrows and collateral leaving positions that owe, nothing else, until the guardian
//! resumes.
use crate::support::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated},
    state::PoolConfig,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// What a liquidation of 20 SOL at $1 repays: $20 / 1.05, rounded up.
const REPAID: u64 = 19_047_620;
const LP_MONEY: u64 = 20_000 * USDC;
/// The default window (one day) and its bucket.
const WINDOW: i64 = 86_400;
const BUCKET: i64 = WINDOW / 16;

struct Losses {
    bank: Bank,
    fx: PoolFixture,
    /// One per loss, each with 20 SOL deposited, owing its loss plus `REPAID`.
    debtors: Vec<Borrower>,
    liq: Liquidator,
}

/// One LP with 20,000 USDC (the breaker's 5% is 1,000 USDC) and a borrower per loss. No
/// interest and no liquidation fee: each loss is exactly what its position owes after its
/// liquidation, whenever it settles, and no insurance covers any of it.
async fn with_losses(losses: &[u64]) -> Losses {
    let config = PoolConfig {
        base_rate_bps: 0,
        slope1_bps: 0,
        slope2_bps: 0,
        liquidation_fee_bps: 0,
        ..PoolConfig::example()
    };
    let (mut bank, mut fx) = setup_with(config).await;
    assert_eq!(config.breaker_window_secs as i64, WINDOW);
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    fx.add_collateral(&mut bank, 8, BTC_PRICE, btc_params())
        .await;
    let lp = fx.user(&mut bank, LP_MONEY).await;
    bank.ok(&[fx.deposit_ix(&lp, LP_MONEY, 0)], &[&lp.key])
        .await;
    let mut debtors = vec![];
    for &loss in losses {
        let b = fx.borrower(&mut bank, 0, &[20 * SOL]).await;
        bank.ok(&[fx.deposit_collateral_ix(&b, 0, 20 * SOL)], &[&b.key])
            .await;
        let ix = fx.borrow_ix(&mut bank, &b, loss + REPAID).await;
        bank.ok(&[ix], &[&b.key]).await;
        debtors.push(b);
    }
    let liq = fx.liquidator(&mut bank, 1_000 * USDC).await;
    Losses {
        bank,
        fx,
        debtors,
        liq,
    }
}

impl Losses {
    /// SOL falls to $1; the guardian pauses settlement while the positions `emptied` lose
    /// all their SOL, then resumes it: they are left bankrupt, each owing exactly its loss,
    /// to be settled whenever a test chooses.
    async fn crash(&mut self, emptied: &[usize]) {
        let (bank, fx) = (&mut self.bank, &self.fx);
        fx.set_prices(bank, &[DOLLAR, BTC_PRICE]).await;
        let guardian = fx.guardian.pubkey();
        bank.ok(
            &[ix::set_pause(&fx.addrs.pool, &guardian, pause::SETTLE)],
            &[&fx.guardian],
        )
        .await;
        for &i in emptied {
            let out = liquidate_slot(bank, fx, &self.liq, &self.debtors[i], 0)
                .await
                .unwrap();
            let l: Liquidated = out.event();
            assert_eq!((l.repaid, l.collateral_out), (REPAID, 20 * SOL));
        }
        bank.ok(
            &[ix::set_pause(&fx.addrs.pool, &guardian, 0)],
            &[&fx.guardian],
        )
        .await;
    }

    /// Moves the clock to `t` and settles debtor `i`.
    async fn settle_at(&mut self, i: usize, t: i64) -> BadDebtSettled {
        let now = self.bank.now().await;
        assert!(t >= now, "the clock only moves forward");
        self.bank.warp(t - now).await;
        let settle = ix::settle_bad_debt(&self.fx.addrs, &self.debtors[i].position);
        self.bank.ok(&[settle], &[]).await.event()
    }

    /// The losses the pool's buckets hold (those of its rolling window).
    async fn window_losses(&mut self) -> u64 {
        self.fx
            .pool(&mut self.bank)
            .await
            .breaker_buckets
            .iter()
            .sum()
    }

    /// The first bucket boundary at least `secs` from now.
    async fn boundary_after(&mut self, secs: i64) -> i64 {
        let pool = self.fx.pool(&mut self.bank).await;
        assert_eq!(pool.breaker_bucket_secs() as i64, BUCKET);
        (self.bank.now().await + secs).div_euclid(BUCKET) * BUCKET + BUCKET
    }
}

#[tokio::test]
async fn losses_straddling_a_bucket_boundary_trip_the_breaker() {
    for (before, after) in [
        (1, 0),
        (1, 1),
        (BUCKET / 2, BUCKET / 2),
        (BUCKET - 1, BUCKET - 1),
    ] {
        let mut l = with_losses(&[50 * USDC, 500 * USDC, 500 * USDC]).await;
        l.crash(&[0, 1, 2]).await;
        let boundary = l.boundary_after(WINDOW).await;
        // the first loss lands one window before the last: the old fixed window opened
        // here and closed just before the last loss, which then restarted it alone
        let first = l.settle_at(0, boundary + after - WINDOW).await;
        assert!(!first.breaker_tripped);
        // 550 within the window, the limit 5% of 19,950
        let second = l.settle_at(1, boundary - before).await;
        assert!(!second.breaker_tripped, "-{before}/+{after}");
        let third = l.settle_at(2, boundary + after).await;
        // alone (a restarted fixed window) 500 is below 5% of 19,450; rolling, all count
        assert_eq!(
            (third.socialized, third.lp_assets_before),
            (500 * USDC, 19_450 * USDC)
        );
        assert!(third.socialized < 972_500_000);
        assert!(third.breaker_tripped, "-{before}/+{after}");
        assert_eq!(l.window_losses().await, 1_050 * USDC);
        assert_eq!(l.fx.pool(&mut l.bank).await.pause_flags, pause::BREAKER);
        l.fx.assert_books(&mut l.bank).await;
    }
}

#[tokio::test]
async fn losses_older_than_the_window_and_a_bucket_are_forgotten() {
    // 600 + 600 is above 5% of 19,400 (970), 600 alone below 5% of either
    for (first_at, gap, trips) in [
        // a loss at the start of its bucket leaves the window one window and one bucket later
        (0, WINDOW + BUCKET, false),
        // up to then it counts: rolling to within a sixteenth of the window
        (0, WINDOW + BUCKET - 1, true),
        // a loss one window old counts wherever it sits in its bucket
        (BUCKET - 1, WINDOW, true),
        (BUCKET / 2, WINDOW, true),
    ] {
        let mut l = with_losses(&[600 * USDC, 600 * USDC]).await;
        l.crash(&[0, 1]).await;
        let start = l.boundary_after(0).await + first_at;
        assert!(!l.settle_at(0, start).await.breaker_tripped);
        let s = l.settle_at(1, start + gap).await;
        assert_eq!(
            (s.socialized, s.lp_assets_before),
            (600 * USDC, 19_400 * USDC)
        );
        assert_eq!(s.breaker_tripped, trips, "+{first_at}, gap {gap}");
        let counted = if trips { 1_200 * USDC } else { 600 * USDC };
        assert_eq!(l.window_losses().await, counted);
        let flags = l.fx.pool(&mut l.bank).await.pause_flags;
        assert_eq!(flags, if trips { pause::BREAKER } else { 0 });
    }
}

// also covers: borrow, withdraw_collateral, settle_bad_debt
#[tokio::test]
async fn a_tripped_breaker_stops_only_new_risk_against_debt() {
    // 1,050 trips the breaker at once; 100 and 300 settle while it is tripped
    let mut l = with_losses(&[1_050 * USDC, 100 * USDC, 300 * USDC]).await;
    // the 300 position keeps its SOL, to be liquidated while tripped
    l.crash(&[0, 1]).await;
    let (bank, fx) = (&mut l.bank, &l.fx);
    // BTC holders, untouched by the crash: one without debt, one owing 1,000 USDC
    let saver = fx.borrower(bank, 0, &[0, 11_000_000]).await;
    let debtor = fx.borrower(bank, 0, &[0, 11_000_000]).await;
    for b in [&saver, &debtor] {
        bank.ok(&[fx.deposit_collateral_ix(b, 1, 10_000_000)], &[&b.key])
            .await;
    }
    let borrow = fx.borrow_ix(bank, &debtor, 1_000 * USDC).await;
    bank.ok(&[borrow], &[&debtor.key]).await;

    let settle = ix::settle_bad_debt(&fx.addrs, &l.debtors[0].position);
    let s: BadDebtSettled = bank.ok(&[settle], &[]).await.event();
    assert_eq!((s.socialized, s.lp_assets_before), (1_050 * USDC, LP_MONEY));
    assert!(s.breaker_tripped && !s.frozen);
    assert_eq!(fx.pool(bank).await.pause_flags, pause::BREAKER);

    // debt-free collateral is free to go
    let ix = fx.withdraw_collateral_ix(bank, &saver, 1, 4_000_000).await;
    bank.ok(&[ix], &[&saver.key]).await;
    assert_eq!(
        bank.position(&saver.position).await.collateral[1],
        6_000_000
    );
    assert_eq!(bank.token_balance(&saver.collateral[1]).await, 5_000_000);
    // collateral of a position that owes stays, and nobody borrows more
    let ix = fx.withdraw_collateral_ix(bank, &debtor, 1, 1_000_000).await;
    assert_refused(
        bank,
        fx,
        &[ix],
        &[&debtor.key],
        LendingError::CircuitBreakerTripped,
    )
    .await;
    let borrow = fx.borrow_ix(bank, &debtor, USDC).await;
    assert_refused(
        bank,
        fx,
        &[borrow],
        &[&debtor.key],
        LendingError::CircuitBreakerTripped,
    )
    .await;
    let borrow = fx.borrow_ix(bank, &saver, USDC).await;
    assert_refused(
        bank,
        fx,
        &[borrow],
        &[&saver.key],
        LendingError::CircuitBreakerTripped,
    )
    .await;

    // repayment and new collateral go on
    bank.ok(&[fx.repay_ix(&debtor, 400 * USDC)], &[&debtor.key])
        .await;
    let index = fx.pool(bank).await.borrow_index.get();
    let pos = bank.position(&debtor.position).await;
    assert_eq!(pos.debt(index).unwrap(), 600 * USDC);
    bank.ok(
        &[fx.deposit_collateral_ix(&debtor, 1, 1_000_000)],
        &[&debtor.key],
    )
    .await;
    assert_eq!(
        bank.position(&debtor.position).await.collateral[1],
        11_000_000
    );
    // and so do liquidation with its settlement, and standalone settlement
    let out = liquidate_slot(bank, fx, &l.liq, &l.debtors[2], 0)
        .await
        .unwrap();
    let liq: Liquidated = out.event();
    assert_eq!((liq.repaid, liq.collateral_out), (REPAID, 20 * SOL));
    let s: BadDebtSettled = out.event();
    assert_eq!(
        (s.socialized, s.lp_assets_before),
        (300 * USDC, LP_MONEY - 1_050 * USDC)
    );
    let settle = ix::settle_bad_debt(&fx.addrs, &l.debtors[1].position);
    let s: BadDebtSettled = bank.ok(&[settle], &[]).await.event();
    assert_eq!(
        (s.socialized, s.lp_assets_after),
        (100 * USDC, LP_MONEY - 1_450 * USDC)
    );
    let pool = fx.pool(bank).await;
    assert_eq!(
        (pool.pause_flags, pool.total_socialized, pool.settlement_seq),
        (pause::BREAKER, 1_450 * USDC, 3)
    );
    fx.assert_books(bank).await;

    // the guardian resumes: set_pause replaces the flags, the breaker's included
    bank.ok(
        &[ix::set_pause(&fx.addrs.pool, &fx.guardian.pubkey(), 0)],
        &[&fx.guardian],
    )
    .await;
    assert_eq!(fx.pool(bank).await.pause_flags, 0);
    let ix = fx.withdraw_collateral_ix(bank, &debtor, 1, 1_000_000).await;
    bank.ok(&[ix], &[&debtor.key]).await;
    let borrow = fx.borrow_ix(bank, &debtor, USDC).await;
    bank.ok(&[borrow], &[&debtor.key]).await;
    assert_eq!(bank.token_balance(&debtor.base).await, 601 * USDC);
    assert_eq!(bank.token_balance(&debtor.collateral[1]).await, 1_000_000);
    let pos = bank.position(&debtor.position).await;
    assert_eq!(pos.collateral[1], 10_000_000);
    assert_eq!(pos.debt(index).unwrap(), 601 * USDC);
    fx.assert_books(bank).await;
}
