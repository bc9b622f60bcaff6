//! Flash loans on a pool of their own: a liquidator borrows the repayment, liquidates a
//! position to zero (the settlement runs in the same instruction) and repays the loan with
//! its fee, all in one transaction: each instruction's units and the transaction's.
use super::{collateral, floor, Measurement};
use lending_pool::state::PoolConfig;
use lending_pool_sdk::ix;
use lending_pool_testkit::{Bank, PoolFixture, Signer};

pub(super) async fn flash_liquidation(bank: &mut Bank) -> Vec<Measurement> {
    let mut fx = PoolFixture::new(bank, 6, PoolConfig::example()).await;
    fx.add_collateral(bank, 9, 15_000_000_000, collateral(1))
        .await;
    let lp = fx.user(bank, 10_000_000_000).await;
    bank.ok(&[fx.deposit_ix(&lp, 10_000_000_000, 0)], &[&lp.key])
        .await;
    // 10 SOL against 1,100, then SOL at $50: underwater, cleared in one liquidation
    let b = fx.borrower(bank, 0, &[10_000_000_000]).await;
    bank.ok(
        &[fx.deposit_collateral_ix(&b, 0, 10_000_000_000)],
        &[&b.key],
    )
    .await;
    let ix = fx.borrow_ix(bank, &b, 1_100_000_000).await;
    bank.ok(&[ix], &[&b.key]).await;
    fx.set_prices(bank, &[5_000_000_000]).await;
    // it holds what the fee costs; the repayment itself is the loan
    let liq = fx.liquidator(bank, 1_000_000_000).await;
    let me = liq.user.key.pubkey();
    let liquidate = fx.liquidate_by_ix(bank, &liq, &b, 0, u64::MAX, 0).await;
    let r = bank
        .ok(
            &[
                ix::flash_borrow(&fx.addrs, &me, &liq.user.base, 500_000_000),
                liquidate,
                ix::flash_repay(&fx.addrs, &me, &liq.user.base),
            ],
            &[&liq.user.key],
        )
        .await;
    let each = crate::logs::top_level_units(&r.logs, Some(&lending_pool::ID.to_string()));
    assert_eq!(each.len(), 3, "three instructions of the program");
    let floor = |k| Some(floor::of_instruction(&r, k));
    vec![
        Measurement {
            floor: floor(0),
            ..Measurement::new(
                "flash_borrow",
                "lends the repayment, sysvar pairing",
                each[0],
            )
        },
        Measurement {
            floor: floor(2),
            ..Measurement::new("flash_repay", "loan and fee back", each[2])
        },
        Measurement {
            floor: Some(floor::floor(&r)),
            ..Measurement::new(
                "flash liquidation",
                "flash_borrow + liquidate to zero (settles) + flash_repay, one transaction",
                r.compute_units,
            )
        },
    ]
}
