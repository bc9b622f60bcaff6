//! `liquidate`: how much a liquidation repays and takes, at which prices, and who gains
//! what. What it refuses is in `refusals`; how it marks and releases losses in `marks`.
mod marks;
mod refusals;
use crate::support::*;
use lending_pool::{
    errors::LendingError,
    events::{BadDebtSettled, Liquidated},
    state::CollateralParams,
};
use lending_pool_sdk::oracle::PriceUpdateSpec;
use lending_pool_testkit::*;

#[tokio::test]
async fn partial_then_full_liquidation() {
    let mut c = crash_setup(100_000 * USDC, 1_000 * USDC).await;
    c.set_sol_price(130 * DOLLAR).await; // $1,300 of SOL, limit $1,040 < $1,100 debt
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let ev: Liquidated = out.event();
    assert!(!ev.full_close_allowed);
    // close factor: half the debt; 550 × 1.05 / 130 SOL; fee 1% of 550
    assert_eq!((ev.repaid, ev.fee), (550 * USDC, 5_500_000));
    assert_eq!(ev.collateral_out, 4_442_307_692);
    assert_eq!(
        (ev.position_debt_before, ev.position_debt_after),
        (1_100 * USDC, 550 * USDC)
    );
    assert!(ev.health_after_wad > ev.health_before_wad);
    assert_eq!(
        c.bank.token_balance(&c.liq.collateral[0]).await,
        4_442_307_692
    );
    assert_eq!(
        c.bank.token_balance(&c.liq.user.base).await,
        100_000 * USDC - 550 * USDC - 5_500_000
    );
    assert_eq!(c.fx.insurance(&mut c.bank).await.total_fees_in, 5_500_000);
    assert!(out.events::<BadDebtSettled>().is_empty());
    c.fx.assert_books(&mut c.bank).await;
    // healthy again at $130
    assert_lending_err(
        c.liquidate(u64::MAX, 0).await,
        LendingError::PositionHealthy,
    );

    // $90: the remaining 5.557 SOL ($500) is worth less than the 550 debt: full close allowed,
    // but the collateral cannot pay the bonus on all of it: the liquidator takes everything,
    // repays 500.19 / 1.05, and the rest is settled by the insurance fund in the same instruction
    c.set_sol_price(90 * DOLLAR).await;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let ev: Liquidated = out.event();
    assert!(ev.full_close_allowed);
    assert_eq!(ev.position_collateral_after, 0);
    let settled: BadDebtSettled = out.event();
    assert_eq!(settled.debt, ev.position_debt_after);
    assert_eq!((settled.covered, settled.socialized), (settled.debt, 0));
    assert_eq!(
        settled.share_price_after_wad, settled.share_price_before_wad,
        "insurance paid it all"
    );
    let pos = c.bank.position(&c.b.position).await;
    assert_eq!((pos.scaled_debt.get(), pos.collateral[0]), (0, 0));
    assert_eq!(c.fx.pool(&mut c.bank).await.total_debt().unwrap(), 0);
    c.fx.assert_books(&mut c.bank).await;
}

/// A crash to $50: 10 SOL ($500) against 1,100 of debt. The liquidator takes all the SOL for
/// 500 / 1.05 = 476.19 USDC; 623.81 is bad debt.
#[tokio::test]
async fn self_liquidation_gains_nothing() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    c.set_sol_price(130 * DOLLAR).await;
    // the borrower liquidates themselves with the borrowed USDC
    let ix =
        c.fx.liquidate_ix(
            &mut c.bank,
            &c.b,
            &c.b.key.pubkey(),
            &c.b.base,
            &c.b.collateral[0],
            0,
            u64::MAX,
            0,
        )
        .await;
    let out = c.bank.ok(&[ix], &[&c.b.key]).await;
    let ev: Liquidated = out.event();
    // before: 10 SOL + 1,100 USDC in hand, 1,100 owed. After: the same net worth minus the fee
    let pos = c.bank.position(&c.b.position).await;
    let sol_in_hand = c.bank.token_balance(&c.b.collateral[0]).await;
    assert_eq!(sol_in_hand + pos.collateral[0], 10 * SOL);
    let usdc = c.bank.token_balance(&c.b.base).await;
    let debt = pos
        .debt(c.fx.pool(&mut c.bank).await.borrow_index.get())
        .unwrap();
    assert_eq!(usdc as i64 - debt as i64, -(ev.fee as i64));
    assert!(ev.health_after_wad > ev.health_before_wad);
}

/// A wide confidence band stops new risk but never a liquidation.
// also covers: borrow
#[tokio::test]
async fn a_wide_confidence_band_does_not_block_liquidation() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    let now = c.bank.now().await;
    let wide = PriceUpdateSpec {
        conf: 130 * DOLLAR as u64 / 20,
        ..PriceUpdateSpec::new([1; 32], 130 * DOLLAR, -8, now)
    };
    c.bank.set_price(&c.fx.collaterals[0].oracle, &wide);
    let ix = c.fx.borrow_ix(&mut c.bank, &c.b, USDC).await;
    assert_lending_err(
        c.bank.process(&[ix], &[&c.b.key]).await,
        LendingError::OracleConfidenceTooWide,
    );
    let ev: Liquidated = c.liquidate(u64::MAX, 0).await.unwrap().event();
    assert_eq!(ev.repaid, 550 * USDC);
}

/// The hole the stress simulator's review found: with the collateral worth between the debt
/// and the debt plus the bonus, asking for less than the debt still paid out the whole
/// slot (the payout is capped at what the slot holds) and the rest was written off the LPs
/// on a solvent position. Now only the full debt buys the last collateral of a solvent
/// position; an insolvent one may still be closed for less (its loss is real).
#[tokio::test]
async fn the_last_collateral_of_a_solvent_position_costs_its_whole_debt() {
    let mut c = crash_setup(100_000 * USDC, 100 * USDC).await;
    // 10 SOL at $112 = $1,120 against $1,100 of debt: liquidatable, solvent, inside the bonus
    c.set_sol_price(112 * DOLLAR).await;
    let pool_before = c.fx.pool(&mut c.bank).await;
    // $1,120 / 1.05 ≈ 1,066.67 would buy everything and leave 33.33 to write off
    let f = assert_lending_err(
        c.liquidate(1_066_670_000, 0).await,
        LendingError::LiquidationWouldWriteOffSolventDebt,
    );
    assert!(!f.logs.is_empty());
    let pool_after = c.fx.pool(&mut c.bank).await;
    assert_eq!(pool_after.total_socialized, pool_before.total_socialized);
    assert_eq!(pool_after.settlement_seq, 0);
    // the whole debt buys all of it, and nothing is written off
    let out = c.liquidate(u64::MAX, 0).await.expect("full close");
    let ev: Liquidated = out.event();
    assert_eq!((ev.repaid, ev.collateral_out), (1_100 * USDC, 10 * SOL));
    assert!(out.events::<BadDebtSettled>().is_empty());
    assert_eq!(c.fx.pool(&mut c.bank).await.total_socialized, 0);
}

/// Issue 12, defect 5: 10 SOL worth $1,103.70 against 1,100 of debt lies between the debt
/// and the debt plus a 1% fee on all of it (1,111). A fee on the whole repayment made
/// liquidating it a loss; as the share fee / bonus (1/5) of the bonus actually paid
/// ($3.70) it is 0.74, and the liquidator keeps the other four fifths.
#[tokio::test]
async fn a_position_worth_between_its_debt_and_the_debt_plus_the_fee_is_worth_liquidating() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    c.set_sol_price(11_037_037_037).await; // $110.37037037
    let base_before = c.bank.token_balance(&c.liq.user.base).await;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let ev: Liquidated = out.event();
    // underwater ($1,103.70 / 1.05 < $1,100): the whole debt buys the whole slot
    assert!(ev.full_close_allowed);
    assert_eq!((ev.repaid, ev.collateral_out), (1_100 * USDC, 10 * SOL));
    // bonus paid $1,103.7037037 − $1,100 = $3.7037037; a fifth of it is 0.74074074 (up)
    assert_eq!(ev.fee, 740_741);
    assert_eq!(
        (ev.position_debt_after, ev.position_collateral_after),
        (0, 0)
    );
    assert!(
        out.events::<BadDebtSettled>().is_empty(),
        "nothing to write off"
    );
    let paid = base_before - c.bank.token_balance(&c.liq.user.base).await;
    assert_eq!(paid, 1_100 * USDC + 740_741);
    assert_eq!(c.bank.token_balance(&c.liq.collateral[0]).await, 10 * SOL);
    // the 10 SOL are worth 1,103.703703 USDC: 2.962962 of profit (with a fee of 11 on the
    // repayment the liquidator would have lost 7.296297)
    assert_eq!(1_103_703_703 - paid, 2_962_962);
    assert_eq!(c.fx.insurance(&mut c.bank).await.total_fees_in, 740_741);
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!((pool.total_debt().unwrap(), pool.total_socialized), (0, 0));
    c.fx.assert_books(&mut c.bank).await;
}

/// `liquidate` of a collateral whose single unit is worth more than the close factor's
/// seizure: before, two indivisible units (here $900 each against 1,450 USDC) made a band
/// where every liquidation failed with `ZeroCollateralOut`; now the liquidator may repay one
/// unit's value at the bonus, past the close factor.
#[tokio::test]
async fn liquidate_takes_one_unit_when_the_close_factor_rounds_to_none() {
    let (mut bank, mut fx) = setup_with(no_fee()).await;
    let bank = &mut bank;
    let params = CollateralParams {
        feed_id: [7; 32],
        ..sol_params()
    };
    fx.add_collateral(bank, 0, 1_000 * DOLLAR, params).await;
    let lp = fx.user(bank, 10_000 * USDC).await;
    bank.ok(&[fx.deposit_ix(&lp, 10_000 * USDC, 0)], &[&lp.key])
        .await;
    let b = fx.borrower(bank, 0, &[2]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 2)], &[&b.key])
        .await;
    let borrow = fx.borrow_ix(bank, &b, 1_450 * USDC).await;
    bank.ok(&[borrow], &[&b.key]).await;
    // $1,800 of collateral: liquidatable (limit $1,440), not underwater ($1,522.5)
    fx.set_prices(bank, &[900 * DOLLAR]).await;
    let liq = fx.liquidator(bank, 10_000 * USDC).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let l: Liquidated = out.event();
    // one unit for $900 / 1.05, rounded up: more than the close factor's 725
    assert_eq!((l.collateral_out, l.repaid, l.fee), (1, 857_142_858, 0));
    let pos = bank.position(&b.position).await;
    assert_eq!(pos.collateral[0], 1);
    assert!(out.events::<BadDebtSettled>().is_empty());
    fx.assert_books(bank).await;
}
