//! `mark_shortfall` prices every known loss exactly and freshly (SPEC, "Marks follow the
//! loss"): an older price never undoes a newer mark, and a mark is what LPs and insurance
//! would lose; each test is an attacker's move of issue 27 and what everyone is left with.
use crate::support::*;
use lending_pool::{
    errors::LendingError,
    events::{BadDebtSettled, Liquidated, ShortfallMarked},
    state::PoolConfig,
};
use lending_pool_sdk::oracle::PriceUpdateSpec;
use lending_pool_testkit::*;

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
    // released from where interest had carried it: the debt now less what was repayable
    assert!(m.shortfall_before > shortfall);
    assert_eq!(
        (m.shortfall_before, m.shortfall_after),
        (m.position_debt - marked.mark_repayable, 0)
    );
}

/// `mark_shortfall` on a position its collateral still covers: before, SOL at $112 (10 SOL,
/// $1,120, against 1,100) was marked with 33.333334 of loss, `debt × bonus / (1 + bonus)`,
/// by anyone, and an LP exiting then was paid that much less, although a liquidation clears
/// the position with no write-off. Now there is nothing to mark, and the liquidation
/// indeed leaves no loss.
// also covers: preview_mark, liquidate
#[tokio::test]
async fn mark_shortfall_leaves_a_covered_position_unmarked() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = borrower(bank, &fx).await;
    fx.set_prices(bank, &[112 * DOLLAR]).await;
    assert_eq!(fx.shortfall_now(bank, &b).await, 0);
    let preview = fx.preview_mark(bank, &b).await;
    assert_eq!((preview.shortfall, preview.marked_shortfall), (0, 0));
    assert_eq!(preview.exit_lp_assets, preview.lp_assets);
    let marker = bank.keypair();
    let ix = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    assert_unchanged(bank, &fx, &[b.position], &[ix], &[&marker], |r| {
        assert_lending_err(r, LendingError::NothingToMark)
    })
    .await;
    // the liquidation clears it whole: nothing is settled, nothing marked
    let liq = liquidator(bank, &fx).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    assert!(out.events::<BadDebtSettled>().is_empty());
    assert!(out.events::<ShortfallMarked>().is_empty());
    let pos = bank.position(&b.position).await;
    assert_eq!(pos.marked_shortfall, 0);
    assert_eq!(fx.shortfall_now(bank, &b).await, 0);
    fx.assert_books(bank).await;
}

/// `mark_shortfall` with the liquidation fee: before, the mark was `debt − repayable`
/// (623.809524 here) although the liquidation's 1% fee on its repayment (4.761905) reaches
/// the insurance fund, so LPs exiting were paid 4.76 less than the loss. Now the mark is
/// what LPs and insurance lose together (619.047620): the liquidation and settlement that
/// follow cost them exactly that.
// also covers: liquidate
#[tokio::test]
async fn mark_shortfall_counts_the_fee_the_liquidation_pays_the_fund() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = underwater(bank, &fx).await;
    let marker = bank.keypair();
    let ix = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    let m: ShortfallMarked = bank.ok(&[ix], &[&marker]).await.event();
    assert_eq!(m.shortfall_after, 619_047_620);
    assert_eq!(m.repayable, BORROWED - 619_047_620);
    let liq = liquidator(bank, &fx).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let l: Liquidated = out.event();
    assert_eq!((l.repaid, l.fee), (476_190_477, 4_761_905));
    let s: BadDebtSettled = out.event();
    // what LPs and insurance lose: the debt settled less the fee the fund took in (the
    // repayment and the fee round up, the mark down: it never understates the loss)
    let lost = s.debt - l.fee;
    assert!(
        lost <= m.shortfall_after && m.shortfall_after - lost <= 2,
        "lost {lost}"
    );
    assert_eq!(s.mark_released, m.shortfall_after);
    fx.assert_books(bank).await;
}
