//! The loss waterfall after a liquidation empties a position: insurance, then LPs; the
//! settlement ledger and the circuit breaker.
use crate::support::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated},
    math::share_price_wad_down,
    state::{PoolConfig, STATUS_ACTIVE},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

async fn crash_to_fifty(c: &mut Crash) -> (Liquidated, BadDebtSettled) {
    c.set_sol_price(50 * DOLLAR).await;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    (out.event(), out.event())
}

#[tokio::test]
async fn bad_debt_smaller_than_the_insurance_fund() {
    let mut c = crash_setup(100_000 * USDC, 1_000 * USDC).await;
    let supply = c.bank.mint_supply(&c.fx.addrs.lp_mint).await;
    let price_before =
        c.fx.pool(&mut c.bank)
            .await
            .share_price_wad(supply)
            .unwrap();
    let (liq, s) = crash_to_fifty(&mut c).await;
    assert_eq!(liq.repaid, 476_190_477);
    assert_eq!(s.debt, 1_100 * USDC - 476_190_477);
    assert_eq!((s.covered, s.socialized), (s.debt, 0));
    assert_eq!(
        s.insurance_balance_after,
        s.insurance_balance_before - s.debt
    );
    assert_eq!(
        c.fx.pool(&mut c.bank)
            .await
            .share_price_wad(supply)
            .unwrap(),
        price_before
    );
    assert_eq!(
        c.bank.token_balance(&c.fx.addrs.insurance_vault).await,
        1_000 * USDC + liq.fee - s.from_insurance_vault
    );
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!(
        (
            pool.total_insurance_paid,
            pool.total_socialized,
            pool.settlement_seq
        ),
        (s.debt, 0, 1)
    );
    c.fx.assert_books(&mut c.bank).await;
}

/// The README's worked example: 100,000 USDC of LP money, 100 USDC of insurance, a 1,100 USDC
/// loan against 10 SOL that crashes from $150 to $50.
#[tokio::test]
async fn bad_debt_larger_than_the_insurance_fund_writes_down_lps() {
    let mut c = crash_setup(100_000 * USDC, 100 * USDC).await;
    let supply = c.bank.mint_supply(&c.fx.addrs.lp_mint).await;
    // one share unit per base unit at the initial price
    assert_eq!(supply, 100_000 * USDC);
    let (liq, s) = crash_to_fifty(&mut c).await;
    assert_eq!(
        (liq.repaid, liq.fee, liq.collateral_out),
        (476_190_477, 4_761_905, 10 * SOL)
    );
    assert_eq!(s.debt, 623_809_523);
    // insurance: 100 donated + 4.761905 liquidation fee, no interest pending yet
    assert_eq!((s.from_pending, s.from_insurance_vault), (0, 104_761_905));
    assert_eq!(s.socialized, 519_047_618);
    assert_eq!(s.insurance_balance_after, 0, "the fund is drained");
    assert_eq!(c.bank.token_balance(&c.fx.addrs.insurance_vault).await, 0);
    assert_eq!(
        (s.lp_assets_before, s.lp_assets_after),
        (100_000 * USDC, 100_000 * USDC - 519_047_618)
    );
    assert_eq!(
        s.share_price_before_wad,
        share_price_wad_down(100_000 * USDC, supply).unwrap()
    );
    assert_eq!(
        s.share_price_after_wad,
        share_price_wad_down(100_000 * USDC - 519_047_618, supply).unwrap()
    );
    assert!(!s.frozen);
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!(pool.lp_assets().unwrap(), 99_480_952_382);
    assert_eq!(
        (pool.total_insurance_paid, pool.total_socialized),
        (104_761_905, 519_047_618)
    );
    c.fx.assert_books(&mut c.bank).await;

    // the LP withdraws after the write-down and gets exactly the written-down value
    let shares = c.bank.token_balance(&c.lp.lp).await;
    c.fx.exit_shares(&mut c.bank, &c.lp, shares, 0).await;
    let want = lending_pool::math::to_assets_down(shares, 99_480_952_382, supply).unwrap();
    assert_eq!(c.bank.token_balance(&c.lp.base).await, want);
    assert_eq!(want, 99_480_952_382);
}

/// A write-down of 88% of the pool leaves the LPs equity: it only lowers the share price
/// (freezing takes a total loss, `recovery.rs`). The pool stays open and exits pay pro rata.
#[tokio::test]
async fn a_write_down_of_most_of_the_pool_only_lowers_the_price() {
    // 1,200 USDC of LP money, 1,100 lent: the loss dwarfs the 100 left
    let mut c = crash_setup(1_200 * USDC, 0).await;
    let second_lp = c.fx.user(&mut c.bank, 0).await;
    let lp_shares = c.bank.token_balance(&c.lp.lp).await;
    assert_eq!(lp_shares, 1_200 * USDC);
    // the LP gives a third of their shares to a second LP
    c.bank
        .token_transfer(&c.lp.lp, &second_lp.lp, &c.lp.key, lp_shares / 3)
        .await;
    c.set_sol_price(5 * DOLLAR).await; // $50 of SOL against 1,100 of debt
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let liq: Liquidated = out.event();
    // the whole slot for $50 / 1.05 of debt; the fee is a fifth of the $2.380952 bonus
    assert_eq!(
        (liq.repaid, liq.collateral_out, liq.fee),
        (47_619_048, 10 * SOL, 476_191)
    );
    let s: BadDebtSettled = out.event();
    assert_eq!(s.debt, 1_100 * USDC - 47_619_048);
    assert_eq!(
        (s.from_insurance_vault, s.socialized),
        (476_191, 1_051_904_761)
    );
    assert_eq!(
        (s.lp_assets_before, s.lp_assets_after),
        (1_200 * USDC, 148_095_239)
    );
    assert_eq!(
        s.share_price_after_wad,
        share_price_wad_down(148_095_239, 1_200 * USDC).unwrap()
    );
    assert_eq!(s.share_price_after_wad, 123_412_699_897_156_083);
    // the old rule froze here (the loss was more than everything but the debt)
    assert!(!s.frozen);
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!(pool.status, STATUS_ACTIVE);
    assert_eq!((pool.cash, pool.total_debt().unwrap()), (148_095_239, 0));

    // exits pay pro rata at the new price: 400,000,000 × 148,095,240 / 1,200,000,001
    let shares = c.bank.token_balance(&second_lp.lp).await;
    c.fx.exit_shares(&mut c.bank, &second_lp, shares, 49_365_079)
        .await;
    assert_eq!(c.bank.token_balance(&second_lp.base).await, 49_365_079);
    // a newcomer buys in at that price, neither paying for the old loss nor gaining from it
    let newcomer = c.fx.user(&mut c.bank, 1_000 * USDC).await;
    c.bank
        .ok(
            &[c.fx.deposit_ix(&newcomer, 1_000 * USDC, 0)],
            &[&newcomer.key],
        )
        .await;
    let newcomer_shares = c.bank.token_balance(&newcomer.lp).await;
    assert_eq!(newcomer_shares, 8_102_893_714);
    let shares = c.bank.token_balance(&c.lp.lp).await;
    c.fx.exit_shares(&mut c.bank, &c.lp, shares, 0).await;
    assert_eq!(c.bank.token_balance(&c.lp.base).await, 98_730_160);
    // the two LPs took everything the write-down left them
    assert_eq!(49_365_079 + 98_730_160, 148_095_239);
    c.fx.exit_shares(&mut c.bank, &newcomer, newcomer_shares, 0)
        .await;
    assert_eq!(c.bank.token_balance(&newcomer.base).await, 1_000 * USDC);
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!((pool.cash, pool.lp_assets().unwrap()), (0, 0));
    assert_eq!(c.bank.mint_supply(&c.fx.addrs.lp_mint).await, 0);
    c.fx.assert_books(&mut c.bank).await;
}

#[tokio::test]
async fn repeated_settlements_count_up() {
    let mut c = crash_setup(100_000 * USDC, 10 * USDC).await;
    // a second borrower with the same loan
    let b2 = c.fx.borrower(&mut c.bank, 0, &[10 * SOL]).await;
    c.bank
        .ok(&[c.fx.deposit_collateral_ix(&b2, 0, 10 * SOL)], &[&b2.key])
        .await;
    let ix2 = c.fx.borrow_ix(&mut c.bank, &b2, 1_100 * USDC).await;
    c.bank.ok(&[ix2], &[&b2.key]).await;
    let (_, first) = crash_to_fifty(&mut c).await;
    c.b = b2;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let second: BadDebtSettled = out.event();
    assert_eq!((first.seq, second.seq), (1, 2));
    assert_eq!(second.lp_assets_before, first.lp_assets_after);
    assert_eq!(
        second.total_socialized,
        first.socialized + second.socialized
    );
    assert_eq!(second.total_insurance_paid, first.covered + second.covered);
    c.fx.assert_books(&mut c.bank).await;
}

// also covers: borrow, withdraw_collateral, set_pause
#[tokio::test]
async fn the_circuit_breaker_trips_and_the_guardian_resumes() {
    // threshold 0.5% of lp_assets: a 519 USDC loss on 100,000 trips it
    let config = PoolConfig {
        breaker_threshold_bps: 50,
        ..PoolConfig::example()
    };
    let mut c = crash_setup_with(100_000 * USDC, 0, config).await;
    let other = c.fx.borrower(&mut c.bank, 0, &[10 * SOL]).await;
    c.bank
        .ok(
            &[c.fx.deposit_collateral_ix(&other, 0, 10 * SOL)],
            &[&other.key],
        )
        .await;
    let ix = c.fx.borrow_ix(&mut c.bank, &other, 10 * USDC).await;
    c.bank.ok(&[ix], &[&other.key]).await;
    let (_, s) = crash_to_fifty(&mut c).await;
    // the 4.761905 fee covers a little, the rest is above 0.5% of 100,000 (500 USDC)
    assert_eq!(
        (s.socialized, s.lp_assets_before),
        (619_047_618, 100_000 * USDC)
    );
    assert!(s.breaker_tripped);
    let pool = c.fx.pool(&mut c.bank).await;
    // its own flag, not the guardian's BORROW / WITHDRAW_COLLATERAL
    assert_eq!(pool.pause_flags, pause::BREAKER);
    let ix = c.fx.borrow_ix(&mut c.bank, &other, USDC).await;
    assert_lending_err(
        c.bank.process(&[ix], &[&other.key]).await,
        LendingError::CircuitBreakerTripped,
    );
    // `other` owes 10 USDC: its collateral stays
    let ix =
        c.fx.withdraw_collateral_ix(&mut c.bank, &other, 0, SOL)
            .await;
    assert_lending_err(
        c.bank.process(&[ix], &[&other.key]).await,
        LendingError::CircuitBreakerTripped,
    );
    assert_eq!(
        c.bank.position(&other.position).await.collateral[0],
        10 * SOL
    );
    assert_eq!(c.bank.token_balance(&other.base).await, 10 * USDC);
    // repay, collateral deposits and deposits still work
    c.bank
        .mint_to(
            &c.fx.addrs.base_mint,
            &c.fx.mint_authority,
            &other.base,
            USDC,
        )
        .await;
    c.bank
        .ok(&[c.fx.repay_ix(&other, USDC)], &[&other.key])
        .await;
    let lp_more = c.fx.user(&mut c.bank, USDC).await;
    c.bank
        .ok(&[c.fx.deposit_ix(&lp_more, USDC, 0)], &[&lp_more.key])
        .await;
    // the guardian resumes
    c.bank
        .ok(
            &[ix::set_pause(&c.fx.addrs.pool, &c.fx.guardian.pubkey(), 0)],
            &[&c.fx.guardian],
        )
        .await;
    assert_eq!(c.fx.pool(&mut c.bank).await.pause_flags, 0);
    let ix = c.fx.borrow_ix(&mut c.bank, &other, USDC).await;
    c.bank.ok(&[ix], &[&other.key]).await;
    assert_eq!(c.bank.token_balance(&other.base).await, 11 * USDC);
    c.fx.assert_books(&mut c.bank).await;
}
