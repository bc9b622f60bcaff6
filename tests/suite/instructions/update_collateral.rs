//! `update_collateral`: the admin migrates a feed or delists an asset (LTV 0).
use crate::support::*;
use lending_pool::{
    errors::LendingError,
    events::CollateralUpdated,
    state::{CollateralParams, PoolConfig},
};
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};
use lending_pool_testkit::*;

/// The admin migrates a collateral's feed and delists it (LTV 0); bad parameters, a
/// stranger or an unused slot change nothing.
// also covers: deposit_collateral
#[tokio::test]
async fn update_collateral_migrates_the_feed_and_delists() {
    let (mut bank, fx, [sol, _btc]) = setup_lending(1_000_000 * USDC).await;
    let b = fx.borrower(&mut bank, 0, &[10 * SOL, 0]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 10 * SOL)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 500 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    let pool = fx.addrs.pool;
    let migrated = CollateralParams {
        feed_id: [9; 32],
        ltv_bps: 0,
        ..sol_params()
    };
    let before = fx.pool(&mut bank).await;

    let stranger = bank.keypair();
    bank.airdrop(&stranger.pubkey(), 10_000_000).await;
    let cases = [
        (
            ix::update_collateral(&pool, &stranger.pubkey(), 0, migrated),
            &stranger,
            LendingError::NotAdmin,
        ),
        (
            ix::update_collateral(&pool, &fx.admin.pubkey(), 2, migrated),
            &fx.admin,
            LendingError::UnknownCollateral,
        ),
        (
            ix::update_collateral(
                &pool,
                &fx.admin.pubkey(),
                0,
                CollateralParams {
                    ltv_bps: 8_000,
                    ..sol_params()
                },
            ),
            &fx.admin,
            LendingError::InvalidCollateralRatios,
        ),
        (
            ix::update_collateral(
                &pool,
                &fx.admin.pubkey(),
                0,
                CollateralParams {
                    liquidation_bonus_bps: PoolConfig::example().liquidation_fee_bps,
                    ..sol_params()
                },
            ),
            &fx.admin,
            LendingError::InvalidLiquidationBonus,
        ),
    ];
    for (ix, signer, err) in cases {
        assert_lending_err(bank.process(&[ix], &[signer]).await, err);
    }
    let unchanged = fx.pool(&mut bank).await;
    assert_eq!(
        bytemuck::bytes_of(&unchanged.collaterals),
        bytemuck::bytes_of(&before.collaterals)
    );

    let out = bank
        .ok(
            &[ix::update_collateral(
                &pool,
                &fx.admin.pubkey(),
                0,
                migrated,
            )],
            &[&fx.admin],
        )
        .await;
    let ev: CollateralUpdated = out.event();
    assert_eq!(
        (ev.collateral_slot, ev.mint, ev.before, ev.after),
        (0, sol.mint, sol_params(), migrated)
    );
    let after = fx.pool(&mut bank).await;
    let c = after.collateral(0).unwrap();
    assert_eq!(c.params(), migrated);
    assert_eq!(
        (c.mint, c.vault, c.total_deposited),
        (sol.mint, sol.vault, 10 * SOL)
    );

    // the old feed's updates are refused; the new feed prices the position, and with LTV 0
    // nothing more can be borrowed against it, while repaying still works
    let ix = fx.borrow_ix(&mut bank, &b, USDC).await;
    assert_lending_err(
        bank.process(std::slice::from_ref(&ix), &[&b.key]).await,
        LendingError::OracleWrongFeed,
    );
    let now = bank.now().await;
    bank.set_price(
        &sol.oracle,
        &PriceUpdateSpec::new([9; 32], SOL_PRICE, -8, now),
    );
    assert_lending_err(
        bank.process(&[ix], &[&b.key]).await,
        LendingError::BorrowLimitExceeded,
    );
    bank.ok(&[fx.repay_ix(&b, 100 * USDC)], &[&b.key]).await;
    // a delisted asset takes no new deposits (the vault and the books stay as they were)
    let deposit = fx.deposit_collateral_ix(&b, 0, SOL);
    let watched = [b.position, b.collateral[0], sol.vault];
    assert_unchanged(&mut bank, &fx, &watched, &[deposit], &[&b.key], |r| {
        assert_lending_err(r, LendingError::CollateralDelisted)
    })
    .await;
    fx.assert_books(&mut bank).await;
}
