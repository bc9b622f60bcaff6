//! Every known loss priced, exactly and freshly (SPEC, "Marks follow the loss"): the
//! attacker's moves of issue 27 that this round closes, with what everyone is left with.
//! `liquidate` (a liquidation that finds a loss marks it) and `mark_shortfall` (an older
//! price never undoes a newer mark).
use crate::common::*;
use crate::liquidation::{DOLLAR, USDC};
use crate::stakes_common::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated, ShortfallMarked},
    state::mark_reason,
};
use lending_pool_harness::*;
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};

/// `liquidate`: before, with settlement paused, the liquidation that emptied the position's
/// only slot left 623.81 of debt and no collateral unmarked: one LP of two redeemed at par
/// (5,000) and the other was left with 4,376. Now the liquidation marks the whole debt, the
/// first LP's exit is priced net of it, and the two end within a unit of each other.
#[tokio::test]
async fn liquidate_marks_the_loss_it_leaves() {
    let (mut bank, fx) = sol_pool(no_fee(), 0).await;
    let bank = &mut bank;
    let mut lps = vec![];
    for _ in 0..2 {
        let lp = fx.user(bank, 5_000 * USDC).await;
        bank.ok(&[fx.deposit_ix(&lp, 5_000 * USDC, 0)], &[&lp.key])
            .await;
        lps.push(lp);
    }
    let b = underwater(bank, &fx).await;
    fx.guardian_pauses(bank, pause::SETTLE).await;
    let liq = liquidator(bank, &fx).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let l: Liquidated = out.event();
    assert_eq!((l.repaid, l.collateral_out), (476_190_477, HELD));
    assert!(out.events::<BadDebtSettled>().is_empty());
    let m: ShortfallMarked = out.event();
    let left = BORROWED - 476_190_477;
    assert_eq!(m.reason, mark_reason::LIQUIDATION);
    assert_eq!((m.shortfall_before, m.shortfall_after), (0, left));
    assert_eq!(fx.pool(bank).await.marked_shortfall, left);

    // the runner redeems everything before the settlement, the stayer after it
    bank.ok(&[fx.redeem_ix(&lps[0], 5_000 * USDC, 0)], &[&lps[0].key])
        .await;
    let ran = bank.token_balance(&lps[0].base).await;
    fx.guardian_pauses(bank, 0).await;
    let out = bank
        .ok(&[ix::settle_bad_debt(&fx.addrs, &b.position)], &[])
        .await;
    let s: BadDebtSettled = out.event();
    assert_eq!((s.debt, s.socialized, s.mark_released), (left, left, left));
    bank.ok(&[fx.redeem_ix(&lps[1], 5_000 * USDC, 0)], &[&lps[1].key])
        .await;
    let stayed = bank.token_balance(&lps[1].base).await;
    // (10,000 − 623.81) / 2 each: not 5,000 for the runner and 4,376 for the stayer
    assert!(ran.abs_diff(stayed) <= 1, "ran {ran}, stayed {stayed}");
    assert_eq!(ran, 4_688_095_238);
    fx.assert_books(bank).await;
}

/// `mark_shortfall`: before, any verified update up to `oracle_max_age` old was accepted, so
/// a runner posted the one from before the crash, re-marked the position to zero and
/// redeemed in the same transaction at the pre-crash price. Now the older price cannot
/// lower the mark; a fresher one (prices recovered) can.
#[tokio::test]
async fn mark_shortfall_refuses_to_lower_a_mark_with_an_older_price() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = borrower(bank, &fx).await;
    // the pre-crash update, published now; the crash is published 20 s later
    let before_crash = bank.now().await;
    let sol = fx.collaterals[0];
    bank.warp(20).await;
    fx.set_prices(bank, &[CRASHED]).await;
    let marker = bank.keypair();
    let mark = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    bank.ok(&[mark], &[&marker]).await;
    let marked = bank.position(&b.position).await;
    // 1,100 and 20 s of interest, less 500 / 1.05
    let shortfall = marked.marked_shortfall;
    assert!(
        shortfall > 623_809_524 && shortfall < 623_809_600,
        "{shortfall}"
    );
    assert_eq!(marked.mark_price_ts, before_crash + 20);
    // the runner posts the old update (still within the 60 s max age) and re-marks
    bank.set_price(
        &sol.oracle,
        &PriceUpdateSpec::new(sol.feed, SOL_PRICE, -8, before_crash),
    );
    let runner = bank.keypair();
    let remark = fx.mark_ix(bank, &b, &runner.pubkey()).await;
    assert_unchanged(bank, &fx, &[b.position], &[remark], &[&runner], |r| {
        assert_lending_err(r, LendingError::MarkPricesOlder)
    })
    .await;
    // prices recover and are published later: the mark is released
    bank.warp(10).await;
    fx.set_prices(bank, &[150 * DOLLAR]).await;
    let remark = fx.mark_ix(bank, &b, &runner.pubkey()).await;
    let m: ShortfallMarked = bank.ok(&[remark], &[&runner]).await.event();
    assert_eq!((m.shortfall_before, m.shortfall_after), (shortfall, 0));
}
