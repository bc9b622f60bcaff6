//! `position_health` (a view): a position's health at spot and conservative prices.
use crate::support::*;
use anchor_lang::AnchorDeserialize;
use lending_pool::{constants::WAD, errors::LendingError, instructions::HealthReport};
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};

#[tokio::test]
async fn position_health_view_reports_spot_and_conservative() {
    let (mut bank, fx, _) = setup_lending(10_000 * USDC).await;
    let b = fx.borrower(&mut bank, 0, &[10 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 10 * SOL)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 1_000 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    let oracles = fx.oracles_for(&mut bank, &b.position).await;
    let out = bank
        .ok(
            &[ix::position_health(
                &fx.addrs.pool,
                &b.position,
                &fx.base_oracle,
                &oracles,
            )],
            &[],
        )
        .await;
    let r = HealthReport::deserialize(&mut &out.return_data.unwrap()[..]).unwrap();
    assert_eq!(r.debt, 1_000 * USDC);
    assert_eq!(r.spot.collateral_value, 1_500 * WAD);
    assert_eq!(r.spot.borrow_limit, 1_125 * WAD);
    assert_eq!(r.spot.liquidation_limit, 1_200 * WAD);
    assert_eq!(r.spot.debt_value, 1_000 * WAD);
    assert_eq!(r.spot.health_wad, 12 * WAD / 10);
    // conservative: collateral at $150 − 0.1%, debt at $1 + 0.1%
    assert_eq!(
        r.conservative.collateral_value,
        1_498_500_000_000_000_000_000
    );
    assert_eq!(r.conservative.debt_value, 1_001 * WAD);
    assert!(r.conservative.health_wad < r.spot.health_wad);
    // the view changed nothing
    assert_eq!(
        bank.position(&b.position).await.scaled_debt.get(),
        fx.pool(&mut bank).await.total_scaled_debt.get()
    );
}

/// `position_health` returns its spot half when the conservative half is refused (a bad EMA
/// or a band wider than `oracle_max_conf_bps`), with the error a borrow would get; before,
/// the whole view failed, and a bad EMA also blocked liquidation pricing.
// also covers: borrow
#[tokio::test]
async fn position_health_returns_spot_when_conservative_prices_are_refused() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = borrower(bank, &fx).await;
    let sol = fx.collaterals[0];
    let now = bank.now().await;
    for (conf, ema, want) in [
        (
            SOL_PRICE as u64 / 1_000,
            0,
            LendingError::OracleNonPositivePrice,
        ),
        (
            SOL_PRICE as u64 / 10,
            SOL_PRICE,
            LendingError::OracleConfidenceTooWide,
        ),
    ] {
        let spec = PriceUpdateSpec {
            conf,
            ema_price: ema,
            ..PriceUpdateSpec::new(sol.feed, SOL_PRICE, -8, now)
        };
        bank.set_price(&sol.oracle, &spec);
        let oracles = fx.oracles_for(bank, &b.position).await;
        let view = ix::position_health(&fx.addrs.pool, &b.position, &fx.base_oracle, &oracles);
        let out = bank.ok(&[view], &[]).await;
        let r = HealthReport::deserialize(&mut &out.return_data.unwrap()[..]).unwrap();
        assert_eq!(r.spot.collateral_value, 1_500 * WAD);
        assert_eq!(r.spot.debt_value, BORROWED as u128 * WAD / USDC as u128);
        assert_eq!(r.conservative_error, u32::from(want));
        assert_eq!(r.conservative.collateral_value, 0);
        // and borrowing is refused with that error
        let borrow = fx.borrow_ix(bank, &b, USDC).await;
        assert_refused(bank, &fx, &[borrow], &[&b.key], want).await;
    }
}
