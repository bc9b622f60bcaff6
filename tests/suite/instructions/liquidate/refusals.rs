//! What `liquidate` refuses: a healthy position, stale prices, slippage, an unknown or
//! unheld slot and the wrong vault, pauses, dust debt left behind, and a repayment that buys
//! nothing. A refused liquidation writes none of the accounts it could write.
use crate::support::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated},
    state::{CollateralParams, PoolConfig},
};
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};
use lending_pool_testkit::*;

#[tokio::test]
async fn liquidations_that_are_not_allowed() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    // healthy
    assert_lending_err(
        c.liquidate(100 * USDC, 0).await,
        LendingError::PositionHealthy,
    );
    c.set_sol_price(130 * DOLLAR).await;
    // stale collateral price
    c.bank.warp(61).await;
    let now = c.bank.now().await;
    c.bank.set_price(
        &c.fx.base_oracle,
        &PriceUpdateSpec::new(BASE_FEED, DOLLAR, -8, now),
    );
    assert_lending_err(c.liquidate(100 * USDC, 0).await, LendingError::OracleStale);
    c.set_sol_price(130 * DOLLAR).await;
    // slippage: 100 USDC × 1.05 / $130 = 0.807692307 SOL
    assert_lending_err(
        c.liquidate(100 * USDC, 807_692_308).await,
        LendingError::CollateralBelowMinimum,
    );
    // a collateral slot the pool does not have / the wrong vault
    let mut ix =
        c.fx.liquidate_ix(
            &mut c.bank,
            &c.b,
            &c.liq.user.key.pubkey(),
            &c.liq.user.base,
            &c.liq.collateral[0],
            0,
            100 * USDC,
            0,
        )
        .await;
    ix.data[16] = 1; // slot (after the 8-byte discriminator and the u64)
    assert_lending_err(
        c.bank.process(&[ix], &[&c.liq.user.key]).await,
        LendingError::UnknownCollateral,
    );
    assert_lending_err(c.liquidate(0, 0).await, LendingError::ZeroAmount);
    // paused
    c.bank
        .ok(
            &[ix::set_pause(
                &c.fx.addrs.pool,
                &c.fx.guardian.pubkey(),
                pause::LIQUIDATE,
            )],
            &[&c.fx.guardian],
        )
        .await;
    assert_lending_err(
        c.liquidate(100 * USDC, 0).await,
        LendingError::OperationPaused,
    );
    c.bank
        .ok(
            &[ix::set_pause(&c.fx.addrs.pool, &c.fx.guardian.pubkey(), 0)],
            &[&c.fx.guardian],
        )
        .await;
    // nothing changed
    let pos = c.bank.position(&c.b.position).await;
    assert_eq!(pos.collateral[0], 10 * SOL);
    assert_eq!(c.bank.token_balance(&c.liq.collateral[0]).await, 0);
    c.liquidate(100 * USDC, 807_692_307)
        .await
        .expect("now it goes through");
}

/// A liquidation names a slot the position holds (`InsufficientCollateral` for a listed slot
/// it holds none of) and that slot's own vault (`WrongCollateralVault`, with the liquidator's
/// account of the same mint so the token constraints pass).
#[tokio::test]
async fn liquidate_refuses_a_slot_the_position_does_not_hold_or_another_slots_vault() {
    let (mut bank, fx, [_sol, btc]) = setup_lending(100_000 * USDC).await;
    let bank = &mut bank;
    let b = fx.borrower(bank, 0, &[HELD, 0]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, HELD)], &[&b.key])
        .await;
    let borrow = fx.borrow_ix(bank, &b, BORROWED).await;
    bank.ok(&[borrow], &[&b.key]).await;
    // 10 SOL at $130: $1,300, a limit of $1,040 below the 1,100 owed
    fx.set_prices(bank, &[130 * DOLLAR, BTC_PRICE]).await;
    let liq = liquidator(bank, &fx).await;
    let written = watched(&fx, &b, &liq);
    let unheld = fx.liquidate_by_ix(bank, &liq, &b, 1, u64::MAX, 0).await;
    assert_unchanged(bank, &fx, &written, &[unheld], &[&liq.user.key], |r| {
        assert_lending_err(r, LendingError::InsufficientCollateral)
    })
    .await;
    let (who, base) = (liq.user.key.pubkey(), liq.user.base);
    let mut wrong_vault = fx
        .liquidate_ix(bank, &b, &who, &base, &liq.collateral[1], 0, u64::MAX, 0)
        .await;
    wrong_vault.accounts[7].pubkey = btc.vault; // the collateral vault
    assert_unchanged(bank, &fx, &written, &[wrong_vault], &[&liq.user.key], |r| {
        assert_lending_err(r, LendingError::WrongCollateralVault)
    })
    .await;
    // slot 0 through its own vault: the close factor's half of the debt
    let out = liquidate(bank, &fx, &liq, &b, 0, u64::MAX, 0)
        .await
        .unwrap();
    let ev: Liquidated = out.event();
    assert_eq!(
        (ev.repaid, ev.position_debt_after),
        (550 * USDC, 550 * USDC)
    );
    fx.assert_books(bank).await;
}

/// A partial liquidation may not leave a debt below `min_debt` with collateral still held
/// (dust nobody would pay to liquidate): with a minimum of 600 USDC, the close factor's half
/// of 1,000 would leave 500, so the whole debt may be repaid, but not all but half a USDC.
#[tokio::test]
async fn a_partial_liquidation_may_not_leave_dust_debt() {
    let config = PoolConfig {
        min_debt: 600 * USDC,
        ..no_fee()
    };
    let (mut bank, fx) = sol_pool(config, 10_000 * USDC).await;
    let bank = &mut bank;
    let b = fx.borrower(bank, 0, &[HELD]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, HELD)], &[&b.key])
        .await;
    let borrow = fx.borrow_ix(bank, &b, 1_000 * USDC).await;
    bank.ok(&[borrow], &[&b.key]).await;
    // 10 SOL at $120: liquidatable ($960 limit), not underwater ($1,200 > $1,050)
    fx.set_prices(bank, &[120 * DOLLAR]).await;
    let liq = liquidator(bank, &fx).await;
    let written = watched(&fx, &b, &liq);
    let dust = fx
        .liquidate_by_ix(bank, &liq, &b, 0, 1_000 * USDC - USDC / 2, 0)
        .await;
    assert_unchanged(bank, &fx, &written, &[dust], &[&liq.user.key], |r| {
        assert_lending_err(r, LendingError::DebtBelowMinimum)
    })
    .await;
    // all of it: 1,000 × 1.05 / 120 = 8.75 SOL out, 1.25 SOL left to the owner
    let out = liquidate(bank, &fx, &liq, &b, 0, u64::MAX, 0)
        .await
        .unwrap();
    let ev: Liquidated = out.event();
    assert!(ev.full_close_allowed);
    assert_eq!(
        (ev.repaid, ev.collateral_out, ev.position_debt_after),
        (1_000 * USDC, 8_750_000_000, 0)
    );
    fx.assert_books(bank).await;
}

/// A repayment too small to buy one unit of the collateral (one base unit against a
/// whole-unit asset at $700) is refused (`ZeroCollateralOut`): the liquidator's payment is
/// never taken for nothing.
#[tokio::test]
async fn a_repayment_too_small_to_buy_one_unit_is_refused() {
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
    // two units at $700: $1,400 against 1,450 owed, underwater (the whole debt may go)
    fx.set_prices(bank, &[700 * DOLLAR]).await;
    let liq = liquidator(bank, &fx).await;
    let written = watched(&fx, &b, &liq);
    let one_unit_of_base = fx.liquidate_by_ix(bank, &liq, &b, 0, 1, 0).await;
    assert_unchanged(
        bank,
        &fx,
        &written,
        &[one_unit_of_base],
        &[&liq.user.key],
        |r| assert_lending_err(r, LendingError::ZeroCollateralOut),
    )
    .await;
    // $1,400 / 1.05 (rounded up) buys both units at the bonus; the rest is settled
    let out = liquidate(bank, &fx, &liq, &b, 0, 1_333_333_334, 0)
        .await
        .unwrap();
    let ev: Liquidated = out.event();
    assert_eq!((ev.repaid, ev.collateral_out), (1_333_333_334, 2));
    let s: BadDebtSettled = out.event();
    assert_eq!(s.debt, 1_450 * USDC - 1_333_333_334);
    fx.assert_books(bank).await;
}
