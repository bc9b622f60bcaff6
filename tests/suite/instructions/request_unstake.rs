//! `request_unstake`: a request is priced net of every marked loss, and at least its `min_value`.
use crate::support::*;
use lending_pool::{
    errors::LendingError,
    events::{BadDebtSettled, UnstakeRequested, Unstaked},
};
use lending_pool_testkit::*;

// also covers: unstake
#[tokio::test]
async fn a_request_after_a_mark_is_priced_net_of_the_marked_loss() {
    let (mut bank, fx) = sol_pool(no_fee(), 100_000 * USDC).await;
    let bank = &mut bank;
    let [a, _other] = two_stakers(bank, &fx, 500 * USDC).await;
    let b = underwater(bank, &fx).await;
    let marker = bank.keypair();
    let ix = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    bank.ok(&[ix], &[&marker]).await;
    let mark = fx.pool(bank).await.marked_shortfall;
    assert!(
        mark > 0 && mark < 1_000 * USDC,
        "the fund covers the whole mark"
    );
    let shares = fx.stake_account(bank, &a).await.shares;
    bank.ok(&[fx.request_unstake_ix(&a, shares)], &[&a.key])
        .await;
    let requested = fx.stake_account(bank, &a).await.cooldown_value;
    // half of the fund net of the mark, not the 500 staked
    assert!(requested.abs_diff((1_000 * USDC - mark) / 2) <= 1 && requested < 500 * USDC);
    // the loss arrives: the payout is the marked value (the settlement costs at most the mark)
    let liq = liquidator(bank, &fx).await;
    let ix = fx.liquidate_by_ix(bank, &liq, &b, 0, u64::MAX, 0).await;
    let settled: BadDebtSettled = bank.ok(&[ix], &[&liq.user.key]).await.event();
    assert!(settled.covered <= mark && settled.marked_shortfall_after == 0);
    bank.warp(cooldown()).await;
    let ev: Unstaked = bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await.event();
    assert_eq!(ev.paid, requested);
    assert!(ev.value_now >= requested);
    fx.assert_books(bank).await;
}

/// `request_unstake`: before, a request made while a stale mark stood (prices recovered,
/// nobody re-marked) was valued net of it for good: a staker of 500 fixed 188. Now its
/// `min_value` refuses that, and the same request behind a re-mark in the same transaction
/// is worth the full 500.
// also covers: mark_shortfall
#[tokio::test]
async fn request_unstake_refuses_a_value_below_its_minimum() {
    let (mut bank, fx) = sol_pool(no_fee(), LENT).await;
    let bank = &mut bank;
    let [a, _other] = two_stakers(bank, &fx, 500 * USDC).await;
    let b = underwater(bank, &fx).await;
    let marker = bank.keypair();
    let mark = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    bank.ok(&[mark], &[&marker]).await;
    // the mark rounds against the LPs: a unit above the loss a settlement books
    assert_eq!(
        bank.position(&b.position).await.marked_shortfall,
        623_809_524
    );
    // SOL recovers; the mark is stale
    fx.set_prices(bank, &[SOL_PRICE]).await;
    assert_eq!(fx.stake_value(bank, &a).await, 188_095_238);
    let request = fx.request_unstake_min_ix(&a, 500 * USDC, 500 * USDC);
    assert_unchanged(
        bank,
        &fx,
        &[a.stake],
        std::slice::from_ref(&request),
        &[&a.key],
        |r| assert_lending_err(r, LendingError::UnstakeValueBelowMinimum),
    )
    .await;
    // re-marked first, in the same transaction (what the CLI and the TS helpers send)
    let remark = fx.mark_ix(bank, &b, &a.key.pubkey()).await;
    let out = bank.ok(&[remark, request], &[&a.key]).await;
    let req: UnstakeRequested = out.event();
    assert_eq!(
        (req.value_at_request, req.min_value),
        (500 * USDC, 500 * USDC)
    );
}
