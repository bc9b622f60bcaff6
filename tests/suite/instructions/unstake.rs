//! `unstake`: the cooldown to the second, the payout window, and a payout of
//! `min(value at request, value now)`.
use crate::support::*;
use lending_pool::{
    errors::LendingError,
    events::{BadDebtSettled, UnstakeRequested, Unstaked},
    state::PoolConfig,
};
use lending_pool_testkit::*;

/// Three stakers of 500 USDC each; the first asked to unstake long ago.
async fn three_stakers(bank: &mut Bank, fx: &PoolFixture) -> [Staker; 3] {
    let mut out = vec![];
    for _ in 0..3 {
        let s = fx.staker(bank, 500 * USDC).await;
        bank.ok(&[fx.stake_ix(&s, 500 * USDC, 0)], &[&s.key]).await;
        out.push(s);
    }
    <[Staker; 3]>::try_from(out).ok().unwrap()
}

#[tokio::test]
async fn the_cooldown_is_enforced_to_the_second() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 0).await;
    let bank = &mut bank;
    let a = fx.staker(bank, 700 * USDC).await;
    bank.ok(&[fx.stake_ix(&a, 700 * USDC, 0)], &[&a.key]).await;
    bank.ok(&[fx.request_unstake_ix(&a, 300 * USDC)], &[&a.key])
        .await;
    let end = fx.stake_account(bank, &a).await.cooldown_end_ts;
    assert_eq!(end, bank.now().await + cooldown());
    for wait in [0, cooldown() - 1] {
        bank.warp(wait).await;
        assert_unchanged(
            bank,
            &fx,
            &[a.stake, a.base],
            &[fx.unstake_ix(&a)],
            &[&a.key],
            |r| assert_lending_err(r, LendingError::UnstakeCooldownActive),
        )
        .await;
    }
    bank.warp(1).await;
    let ev: Unstaked = bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await.event();
    assert_eq!((ev.shares, ev.paid), (300 * USDC, 300 * USDC));
    let st = fx.stake_account(bank, &a).await;
    assert_eq!(
        (st.shares, st.cooldown_shares, st.cooldown_end_ts),
        (400 * USDC, 0, 0)
    );
    assert_eq!(
        (st.total_staked, st.total_unstaked),
        (700 * USDC, 300 * USDC)
    );
    fx.assert_books(bank).await;
}

#[tokio::test]
async fn a_settlement_during_the_cooldown_slashes_the_request() {
    let (mut bank, fx) = sol_pool(no_fee(), 100_000 * USDC).await;
    let bank = &mut bank;
    let [a, _other] = two_stakers(bank, &fx, 500 * USDC).await;
    let b = borrower(bank, &fx).await;
    let shares = fx.stake_account(bank, &a).await.shares;
    bank.ok(&[fx.request_unstake_ix(&a, shares)], &[&a.key])
        .await;
    let requested = fx.stake_account(bank, &a).await.cooldown_value;
    assert_eq!(requested, 500 * USDC);
    // SOL crashes and the position is liquidated to zero: the fund pays its bad debt
    fx.set_prices(bank, &[CRASHED]).await;
    let liq = liquidator(bank, &fx).await;
    let ix = fx.liquidate_by_ix(bank, &liq, &b, 0, u64::MAX, 0).await;
    let settled: BadDebtSettled = bank.ok(&[ix], &[&liq.user.key]).await.event();
    assert!(settled.covered > 0 && settled.covered < 1_000 * USDC);
    bank.warp(cooldown()).await;
    let (pool, fund) = (fx.pool(bank).await, fx.insurance(bank).await);
    let now_worth = share_value(&pool, &fund, shares);
    let ev: Unstaked = bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await.event();
    assert_eq!(
        (ev.value_at_request, ev.value_now, ev.paid),
        (requested, now_worth, now_worth)
    );
    assert!(ev.paid < requested);
    // a bore half the loss: the fund's 1,000 less what it covered, halved (rounded down)
    assert!(ev.paid.abs_diff((1_000 * USDC - settled.covered) / 2) <= 1);
    fx.assert_books(bank).await;
}

/// `unstake`: before, a request whose cooldown ended long ago was a free option: when a loss
/// of 624 appeared (SOL at $50 against 1,100 borrowed) its staker left with 500 before
/// anyone marked it, and the two others kept 188 each. Now the request has lapsed: it is
/// refused, the loss is shared, and each of the three is left with 292.
// also covers: cancel_unstake
#[tokio::test]
async fn unstake_refuses_a_request_past_its_window() {
    let (mut bank, fx) = sol_pool(no_fee(), LENT).await;
    let bank = &mut bank;
    let [early, s1, s2] = three_stakers(bank, &fx).await;
    let cfg = fx.pool(bank).await.config;
    bank.ok(&[fx.request_unstake_ix(&early, 500 * USDC)], &[&early.key])
        .await;
    let r = fx.stake_account(bank, &early).await;
    // weeks later (past the cooldown and its two-day window) a position goes underwater
    bank.warp((cfg.unstake_cooldown_secs + cfg.unstake_window_secs) as i64 + 1)
        .await;
    fx.set_prices(bank, &[SOL_PRICE]).await;
    let b = underwater(bank, &fx).await;
    let unstake = fx.unstake_ix(&early);
    assert_unchanged(bank, &fx, &[early.stake], &[unstake], &[&early.key], |r| {
        assert_lending_err(r, LendingError::UnstakeWindowExpired)
    })
    .await;
    assert_eq!(bank.token_balance(&early.base).await, 0);
    assert!(bank.now().await > r.cooldown_end_ts + cfg.unstake_window_secs as i64);

    // the loss is settled; the fund pays it from all three alike
    let liq = liquidator(bank, &fx).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let s: BadDebtSettled = out.event();
    assert_eq!((s.covered, s.socialized), (623_809_523, 0));
    // the request can only be cancelled (its shares bore the loss) and asked again
    bank.ok(&[fx.cancel_unstake_ix(&early)], &[&early.key])
        .await;
    let values = [
        fx.stake_value(bank, &early).await,
        fx.stake_value(bank, &s1).await,
        fx.stake_value(bank, &s2).await,
    ];
    // (1,500 − 623.81) / 3, each share at (net + 1) / (shares + 1), rounded down
    assert_eq!(values, [292_063_492; 3]);
    fx.assert_books(bank).await;
}

/// `unstake` pays a matured request up to the last second of its window.
#[tokio::test]
async fn unstake_pays_within_the_window_to_the_second() {
    let (mut bank, fx) = sol_pool(no_fee(), LENT).await;
    let bank = &mut bank;
    let [a, _b] = two_stakers(bank, &fx, 500 * USDC).await;
    let cfg = fx.pool(bank).await.config;
    let out = bank
        .ok(&[fx.request_unstake_ix(&a, 500 * USDC)], &[&a.key])
        .await;
    let req: UnstakeRequested = out.event();
    assert_eq!(
        req.window_end_ts,
        req.cooldown_end_ts + cfg.unstake_window_secs as i64
    );
    bank.warp((cfg.unstake_cooldown_secs + cfg.unstake_window_secs) as i64)
        .await;
    assert_eq!(bank.now().await, req.window_end_ts);
    bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await;
    assert_eq!(bank.token_balance(&a.base).await, 500 * USDC);
}

/// The fund's share of interest is pending in the pool's cash: while all of it is lent out,
/// a payout above what the insurance vault holds is refused
/// (`InsufficientInsuranceLiquidity`), and it is paid in full once a repayment brings cash
/// back (the payout sweeps the pending share first).
#[tokio::test]
async fn unstake_waits_while_the_funds_interest_is_lent_out() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let a = fx.staker(bank, 500 * USDC).await;
    bank.ok(&[fx.stake_ix(&a, 500 * USDC, 0)], &[&a.key]).await;
    // every unit of cash lent: 80% a year at full utilization
    let b = fx.borrower(bank, 0, &[20 * HELD]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 20 * HELD)], &[&b.key])
        .await;
    let borrow = fx.borrow_ix(bank, &b, 10_000 * USDC).await;
    bank.ok(&[borrow], &[&b.key]).await;
    bank.warp(30 * DAY).await;
    let shares = fx.stake_account(bank, &a).await.shares;
    let req: UnstakeRequested = bank
        .ok(&[fx.request_unstake_ix(&a, shares)], &[&a.key])
        .await
        .event();
    // the stake plus the fund's 10% of a month's interest
    assert!(req.value_at_request > 550 * USDC, "{req:?}");
    bank.warp(cooldown()).await;
    let watched = [a.stake, a.base, fx.addrs.insurance_vault];
    let short = |r| assert_lending_err(r, LendingError::InsufficientInsuranceLiquidity);
    assert_unchanged(bank, &fx, &watched, &[fx.unstake_ix(&a)], &[&a.key], short).await;
    assert_eq!(fx.pool(bank).await.cash, 0);
    bank.ok(&[fx.repay_ix(&b, 1_000 * USDC)], &[&b.key]).await;
    let out = bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await;
    let paid: Unstaked = out.event();
    assert!(paid.swept > 0);
    assert_eq!(paid.paid, req.value_at_request);
    assert_eq!(bank.token_balance(&a.base).await, req.value_at_request);
    fx.assert_books(bank).await;
}
