//! Every known loss priced, exactly and freshly (SPEC, "Marks follow the loss"): the
//! attacker's moves of issue 27 that this round closes, with what everyone is left with.
//! `liquidate` (a liquidation that finds a loss marks it), `mark_shortfall` (an older
//! price never undoes a newer mark; a mark is what LPs and insurance would lose) and
//! `accrue_interest` (marks follow the borrow index).
use crate::common::*;
use crate::liquidation::{DOLLAR, USDC};
use crate::stakes_common::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated, ShortfallMarked},
    state::{mark_reason, PoolConfig},
};
use lending_pool_harness::*;
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};

/// `liquidate`: before, with settlement paused, the liquidation that emptied the position's
/// only slot left 623.81 of debt and no collateral unmarked: one LP of two redeemed at par
/// (5,000) and the other was left with 4,376. Now the liquidation marks the whole debt, the
/// first LP's exit is a request priced net of it, and the two end within a unit of each
/// other.
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

    // the runner leaves before the settlement (by request: the mark stresses the pool), the
    // stayer after it
    let redeem = fx.redeem_ix(&lps[0], 5_000 * USDC, 0);
    assert_refused(
        bank,
        &fx,
        &[redeem],
        &[&lps[0].key],
        LendingError::PoolStressed,
    )
    .await;
    bank.ok(
        &[fx.request_exit_ix(&lps[0], 5_000 * USDC, 0)],
        &[&lps[0].key],
    )
    .await;
    fx.guardian_pauses(bank, 0).await;
    let out = bank
        .ok(&[ix::settle_bad_debt(&fx.addrs, &b.position)], &[])
        .await;
    let s: BadDebtSettled = out.event();
    assert_eq!((s.debt, s.socialized, s.mark_released), (left, left, left));
    let delay = fx.pool(bank).await.config.exit_delay_secs as i64;
    bank.warp(delay).await;
    bank.ok(&[fx.complete_exit_ix(&lps[0])], &[&lps[0].key])
        .await;
    let ran = bank.token_balance(&lps[0].base).await;
    let stayed = fx.exit_shares(bank, &lps[1], 5_000 * USDC, 0).await;
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

/// `accrue_interest` on a marked position: before, the mark stood still while its debt
/// earned interest, so a year's interest on 1,100 (17.05, of which 15.345 to LPs, the rest
/// to the fund's pending share) raised exit prices by income that will never be paid: a
/// runner took its share of it. Now the mark follows the borrow index: the exit assets of
/// a pool whose only borrower is marked stay at 9,376.190476 for the year, while its LP
/// assets rise by 15.345.
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
