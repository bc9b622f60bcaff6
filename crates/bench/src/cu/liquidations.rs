//! Liquidation benchmarks on pools of their own: a position holding four assets emptied slot
//! by slot, and a pool frozen by a write-off, recapitalized and reopened.
use super::{collateral, measured, Measurement};
use lending_pool::state::PoolConfig;
use lending_pool_sdk::ix;
use lending_pool_testkit::{Bank, PoolFixture, Signer};

/// A position holding four assets (9, 8, 6 and 18 decimals) crashes underwater: it is
/// emptied slot by slot, the first liquidation pricing four slots, the last one settling
/// the rest.
pub(super) async fn four_asset_liquidations(bank: &mut Bank) -> Vec<Measurement> {
    let mut fx = PoolFixture::new(bank, 6, PoolConfig::example()).await;
    // $300 each of SOL ($150), BTC ($60,000), a $1 stable coin and ETH ($3,000)
    let assets = [
        (9, 15_000_000_000),
        (8, 6_000_000_000_000),
        (6, 100_000_000),
        (18, 300_000_000_000),
    ];
    for (feed, (decimals, price)) in (1..).zip(assets) {
        fx.add_collateral(bank, decimals, price, collateral(feed))
            .await;
    }
    let lp = fx.user(bank, 10_000_000_000).await;
    bank.ok(&[fx.deposit_ix(&lp, 10_000_000_000, 0)], &[&lp.key])
        .await;
    let holdings = [2_000_000_000, 500_000, 300_000_000, 100_000_000_000_000_000];
    let b = fx.borrower(bank, 0, &holdings).await;
    for (slot, &amount) in holdings.iter().enumerate() {
        bank.ok(
            &[fx.deposit_collateral_ix(&b, slot as u8, amount)],
            &[&b.key],
        )
        .await;
    }
    let ix = fx.borrow_ix(bank, &b, 700_000_000).await;
    bank.ok(&[ix], &[&b.key]).await;
    let liq = fx.liquidator(bank, 1_000_000_000).await;
    // everything at a third: $400 against 700
    fx.set_prices(bank, &assets.map(|(_, p)| p / 3)).await;
    let mut rows = vec![];
    for slot in 0..4u8 {
        let ix = fx.liquidate_by_ix(bank, &liq, &b, slot, u64::MAX, 0).await;
        let r = bank.ok(&[ix], &[&liq.user.key]).await;
        match slot {
            0 => rows.push(measured(
                "liquidate",
                "four collateral assets, underwater: all of one slot",
                &r,
            )),
            3 => rows.push(measured(
                "liquidate",
                "last of four slots + automatic settlement",
                &r,
            )),
            _ => {}
        }
    }
    rows
}

/// A pool frozen by a write-off of its LPs' equity below the freeze floor (the liquidation
/// repays one unit and settles the rest), recapitalized and reopened.
pub(super) async fn recovery(bank: &mut Bank) -> Vec<Measurement> {
    let mut fx = PoolFixture::new(bank, 6, PoolConfig::example()).await;
    fx.add_collateral(bank, 9, 15_000_000_000, collateral(1))
        .await;
    let lp = fx.user(bank, 1_100_000_000).await;
    bank.ok(&[fx.deposit_ix(&lp, 1_000_000_000, 0)], &[&lp.key])
        .await;
    let b = fx.borrower(bank, 0, &[10_000_000_000]).await;
    bank.ok(
        &[fx.deposit_collateral_ix(&b, 0, 10_000_000_000)],
        &[&b.key],
    )
    .await;
    let ix = fx.borrow_ix(bank, &b, 1_000_000_000).await;
    bank.ok(&[ix], &[&b.key]).await;
    // SOL at $0.00000001: the liquidator takes all of it for one unit, the rest settles
    fx.set_prices(bank, &[1]).await;
    let liq = fx.liquidator(bank, 1_000_000).await;
    let ix = fx.liquidate_by_ix(bank, &liq, &b, 0, u64::MAX, 0).await;
    bank.ok(&[ix], &[&liq.user.key]).await;
    let r = bank
        .ok(
            &[ix::recapitalize(
                &fx.addrs,
                &lp.key.pubkey(),
                &lp.base,
                100_000_000,
                u64::MAX,
            )],
            &[&lp.key],
        )
        .await;
    let mut rows = vec![measured(
        "recapitalize",
        "frozen pool, restores LP equity",
        &r,
    )];
    let r = bank
        .ok(
            &[ix::unfreeze(&fx.addrs, &fx.guardian.pubkey())],
            &[&fx.guardian],
        )
        .await;
    rows.push(measured("unfreeze", "guardian, after recapitalize", &r));
    rows
}
