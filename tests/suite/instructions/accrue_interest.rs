//! `accrue_interest`: interest over months of warped time against closed forms, accrual every
//! second, the books' cap, and marks carried with the debt.
use crate::support::*;
use lending_pool::{
    constants::{
        MAX_BASE_RATE_BPS, MAX_BOOKS, MAX_SLOPE1_BPS, MAX_SLOPE2_BPS, MIN_OPTIMAL_UTILIZATION_BPS,
        SECONDS_PER_YEAR, WAD,
    },
    events::{DebtChanged, InterestAccrued, ShortfallMarked},
    state::PoolConfig,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

#[tokio::test]
async fn ninety_days_at_five_percent_matches_simple_interest() {
    let (mut bank, fx, _, b) = setup_borrowed().await;
    bank.warp(90 * DAY).await;
    let out = bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await;
    let ev: InterestAccrued = out.event();
    // 80% utilization sits on the kink: 1% base + 4% slope1 = 5% a year
    assert_eq!(ev.utilization_wad, 8 * WAD / 10);
    assert_eq!(ev.rate_wad, 5 * WAD / 100);
    assert_eq!(ev.dt, 90 * DAY as u64);
    // closed form: index = 1 + 5% × 90/365 (rounded up, against the borrower)
    let growth = (5 * WAD / 100 * (90 * DAY) as u128).div_ceil(SECONDS_PER_YEAR as u128);
    assert_eq!(ev.index_after, WAD + growth);
    let exact = 800_000.0 * 1e6 * (1.0 + 0.05 * 90.0 / 365.0);
    assert!(
        (ev.total_debt_after as f64 - exact).abs() <= 2.0,
        "{} vs {exact}",
        ev.total_debt_after
    );

    let pool = fx.pool(&mut bank).await;
    let interest = ev.total_debt_after - ev.total_debt_before;
    assert_eq!(
        pool.insurance_pending,
        interest / 10,
        "reserve factor 10%, rounded down"
    );
    assert_eq!(
        pool.lp_assets().unwrap(),
        1_000_000 * USDC + interest - interest / 10
    );
    // one borrower: their debt is the pool's debt
    assert_eq!(
        bank.position(&b.position)
            .await
            .debt(pool.borrow_index.get())
            .unwrap(),
        pool.total_debt().unwrap()
    );
    // a second accrual in the same second changes nothing
    let again = bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await;
    assert!(again.events::<InterestAccrued>().is_empty());
}

/// Anyone may accrue every second; the insurance share must not round away each time.
#[tokio::test]
async fn accruing_every_second_pays_the_fund_what_one_accrual_does() {
    let secs = 300;
    // the banks start at the wall clock's second, which may differ between the two: compare
    // times relative to each bank's start
    let (mut once, fx_once, _, _) = setup_borrowed().await;
    let start_once = fx_once.pool(&mut once).await.last_accrual_ts;
    once.warp(secs).await;
    once.ok(&[ix::accrue_interest(&fx_once.addrs.pool)], &[])
        .await;
    let (mut each, fx_each, _, _) = setup_borrowed().await;
    let start_each = fx_each.pool(&mut each).await.last_accrual_ts;
    for _ in 0..secs {
        each.warp(1).await;
        let out = each
            .ok(&[ix::accrue_interest(&fx_each.addrs.pool)], &[])
            .await;
        let ev: InterestAccrued = out.event();
        // about 127 units of insurance a second: a floor on each would lose most of a unit
        assert!(ev.insurance_remainder_wad < WAD);
    }
    let (a, b) = (fx_once.pool(&mut once).await, fx_each.pool(&mut each).await);
    assert_eq!(
        a.last_accrual_ts - start_once,
        b.last_accrual_ts - start_each
    );
    assert_eq!(a.last_accrual_ts - start_once, secs);
    assert!(
        a.insurance_pending.abs_diff(b.insurance_pending) <= 1,
        "once {} vs every second {}",
        a.insurance_pending,
        b.insurance_pending
    );
}

#[tokio::test]
async fn a_year_of_monthly_accruals_follows_the_compounding_curve() {
    let (mut bank, fx, _, _) = setup_borrowed().await;
    let cash = 200_000.0 * 1e6;
    let mut debt = 800_000.0 * 1e6;
    let month = 30 * DAY;
    for _ in 0..12 {
        bank.warp(month).await;
        bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await;
        // the curve at this step's utilization (cash does not move; debt compounds)
        let u: f64 = debt / (cash + debt);
        let rate = if u <= 0.8 {
            0.01 + 0.04 * u / 0.8
        } else {
            0.05 + 0.75 * (u - 0.8) / 0.2
        };
        debt *= 1.0 + rate * month as f64 / SECONDS_PER_YEAR as f64;
    }
    let pool = fx.pool(&mut bank).await;
    let actual = pool.total_debt().unwrap() as f64;
    assert!(((actual - debt) / debt).abs() < 1e-9, "{actual} vs {debt}");
    assert!(actual >= debt - 12.0, "rounding is against the borrower");
}

/// At the steepest curve the bounds allow, two idle spells of 10,000 years compound the
/// debt past a u64. The books cap instead of failing, so the pool keeps working.
// also covers: update_config, repay
#[tokio::test]
async fn centuries_at_the_steepest_rate_cap_the_books_and_the_pool_still_works() {
    let steepest = PoolConfig {
        deposit_cap: u64::MAX,
        borrow_cap: u64::MAX,
        base_rate_bps: MAX_BASE_RATE_BPS,
        slope1_bps: MAX_SLOPE1_BPS,
        slope2_bps: MAX_SLOPE2_BPS,
        optimal_utilization_bps: MIN_OPTIMAL_UTILIZATION_BPS,
        ..PoolConfig::example()
    };
    let (mut bank, mut fx) = setup_with(steepest).await;
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    let lp = fx.user(&mut bank, 1_000_000 * USDC).await;
    bank.ok(&[fx.deposit_ix(&lp, 1_000_000 * USDC, 0)], &[&lp.key])
        .await;
    let b = fx.borrower(&mut bank, 0, &[20_000_000_000_000]).await;
    bank.ok(
        &[fx.deposit_collateral_ix(&b, 0, 20_000_000_000_000)],
        &[&b.key],
    )
    .await;
    let ix = fx.borrow_ix(&mut bank, &b, 1_000_000 * USDC).await; // all the cash
    bank.ok(&[ix], &[&b.key]).await;
    for _ in 0..2 {
        bank.warp(10_000 * SECONDS_PER_YEAR as i64).await;
        bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await;
    }
    let pool = fx.pool(&mut bank).await;
    let books = pool.total_debt().unwrap() + pool.cash;
    assert!(MAX_BOOKS - books <= 1, "capped at MAX_BOOKS, not failing");
    // the admin can still change the curve, anyone can repay, LPs can still price shares
    let calmer = PoolConfig {
        deposit_cap: u64::MAX,
        borrow_cap: u64::MAX,
        ..PoolConfig::example()
    };
    bank.ok(
        &[ix::update_config(
            &fx.addrs.pool,
            &fx.admin.pubkey(),
            calmer,
        )],
        &[&fx.admin],
    )
    .await;
    let repay = fx.repay_ix(&b, 1_000 * USDC);
    let out = bank.ok(&[repay], &[&b.key]).await;
    assert_eq!(out.event::<DebtChanged>().amount, 1_000 * USDC);
    let after = fx.pool(&mut bank).await;
    assert_eq!(after.cash, pool.cash + 1_000 * USDC);
    after.share_price_wad(1).unwrap();
    fx.assert_books(&mut bank).await;
}

/// `accrue_interest` on a marked position: before, the mark stood still while its debt
/// earned interest, so a year's interest on 1,100 (17.05, of which 15.345 to LPs, the rest
/// to the fund's pending share) raised exit prices by income that will never be paid: a
/// runner took its share of it. Now the mark follows the borrow index: the exit assets of
/// a pool whose only borrower is marked stay at 9,376.190476 for the year, while its LP
/// assets rise by 15.345.
// also covers: preview_mark
#[tokio::test]
async fn accrue_interest_carries_the_mark_with_the_debt() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = underwater(bank, &fx).await;
    let marker = bank.keypair();
    let ix = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    let m: ShortfallMarked = bank.ok(&[ix], &[&marker]).await.event();
    let before = fx.preview_mark(bank, &b).await;
    bank.warp(365 * 24 * 3600).await;
    fx.set_prices(bank, &[CRASHED]).await;
    let after = fx.preview_mark(bank, &b).await;
    let interest = after.position_debt - before.position_debt;
    let lp_income = after.lp_assets - before.lp_assets;
    assert_eq!((interest, lp_income), (17_050_000, 15_345_000));
    // the mark grew by the whole interest; the exit price stays where it was
    assert_eq!(after.mark, m.shortfall_after + interest);
    assert_eq!(after.mark, after.position_debt - m.repayable);
    assert!(
        after.exit_lp_assets.abs_diff(before.exit_lp_assets) <= 1,
        "exit assets {} → {} (LP assets +{lp_income})",
        before.exit_lp_assets,
        after.exit_lp_assets
    );
    let ix = ix::accrue_interest(&fx.addrs.pool);
    bank.ok(&[ix], &[]).await;
    let (pool, pos) = (fx.pool(bank).await, bank.position(&b.position).await);
    assert_eq!(pool.marked_shortfall, after.mark);
    assert_eq!(pool.position_mark(&pos).unwrap(), after.mark);
    fx.assert_books(bank).await;
}
