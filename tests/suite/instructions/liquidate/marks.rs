//! `liquidate` and marked losses (SPEC, "Marks follow the loss"): a liquidation that finds
//! a loss marks it, re-marks a marked position at its prices, and its settlement releases
//! the mark.
use crate::support::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated, ShortfallMarked},
    state::{mark_reason, PoolConfig},
};
use lending_pool_sdk::ix;

/// `liquidate`: before, with settlement paused, the liquidation that emptied the position's
/// only slot left 623.81 of debt and no collateral unmarked: one LP of two redeemed at par
/// (5,000) and the other was left with 4,376. Now the liquidation marks the whole debt, the
/// first LP's exit is a request priced net of it, and the two end within a unit of each
/// other.
// also covers: request_exit, complete_exit, settle_bad_debt
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

// also covers: settle_bad_debt
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
