//! `add_collateral`: a new collateral asset, its bounds, duplicates and the limit of four.
use crate::support::*;
use anchor_lang::prelude::Pubkey;
use lending_pool::{
    constants::{MAX_COLLATERALS, MAX_COLLATERAL_DECIMALS},
    errors::LendingError,
    events::CollateralAdded,
    state::{CollateralParams, PoolConfig},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: update_config
#[tokio::test]
async fn add_collateral_records_the_asset_and_checks_bounds() {
    let (mut bank, mut fx) = setup().await;
    let mint = bank.create_mint(&fx.mint_authority.pubkey(), 9).await;
    let out = bank
        .ok(
            &[ix::add_collateral(
                &fx.addrs,
                &fx.admin.pubkey(),
                &mint,
                sol_params(),
            )],
            &[&fx.admin],
        )
        .await;
    let ev: CollateralAdded = out.event();
    assert_eq!(
        (ev.collateral_slot, ev.mint, ev.params),
        (0, mint, sol_params())
    );
    let pool = fx.pool(&mut bank).await;
    let c = pool.collateral(0).unwrap();
    assert_eq!(
        (
            c.mint,
            c.decimals,
            c.ltv_bps,
            c.liquidation_threshold_bps,
            c.liquidation_bonus_bps
        ),
        (mint, 9, 7_500, 8_000, 500)
    );
    assert_eq!(bank.token_balance(&c.vault).await, 0);

    let (addrs, admin) = (fx.addrs, fx.admin.pubkey());
    let add = move |m: &Pubkey, p: CollateralParams| ix::add_collateral(&addrs, &admin, m, p);
    let other = bank.create_mint(&fx.mint_authority.pubkey(), 6).await;
    let stranger = bank.keypair();
    bank.airdrop(&stranger.pubkey(), 1_000_000_000).await;
    let r = bank
        .process(
            &[ix::add_collateral(
                &fx.addrs,
                &stranger.pubkey(),
                &other,
                sol_params(),
            )],
            &[&stranger],
        )
        .await;
    assert_lending_err(r, LendingError::NotAdmin);
    for (p, e) in [
        (
            CollateralParams {
                ltv_bps: 8_000,
                ..sol_params()
            },
            LendingError::InvalidCollateralRatios,
        ),
        (
            CollateralParams {
                liquidation_threshold_bps: 9_900,
                ..sol_params()
            },
            LendingError::InvalidCollateralRatios,
        ),
        (
            CollateralParams {
                liquidation_bonus_bps: 100,
                ..sol_params()
            },
            LendingError::InvalidLiquidationBonus,
        ),
        (
            CollateralParams {
                liquidation_bonus_bps: 2_500,
                ..sol_params()
            },
            LendingError::InvalidLiquidationBonus,
        ),
    ] {
        assert_lending_err(bank.process(&[add(&other, p)], &[&fx.admin]).await, e);
    }
    // the same mint twice, or the base mint, is refused (the vault PDA already exists for the
    // former, so the system program refuses first)
    assert!(bank
        .process(&[add(&mint, sol_params())], &[&fx.admin])
        .await
        .is_err());
    assert_lending_err(
        bank.process(&[add(&fx.addrs.base_mint, sol_params())], &[&fx.admin])
            .await,
        LendingError::DuplicateCollateral,
    );
    // up to four
    for _ in 1..MAX_COLLATERALS {
        fx.add_collateral(&mut bank, 6, 100_000_000, sol_params())
            .await;
    }
    assert_lending_err(
        bank.process(&[add(&other, sol_params())], &[&fx.admin])
            .await,
        LendingError::TooManyCollaterals,
    );
    // the liquidation fee must stay below every bonus
    let fee_too_high = PoolConfig {
        liquidation_fee_bps: 500,
        ..PoolConfig::example()
    };
    let r = bank
        .process(
            &[ix::update_config(
                &fx.addrs.pool,
                &fx.admin.pubkey(),
                fee_too_high,
            )],
            &[&fx.admin],
        )
        .await;
    assert_lending_err(r, LendingError::InvalidLiquidationFee);
    assert_eq!(
        fx.pool(&mut bank).await.num_collaterals as usize,
        MAX_COLLATERALS
    );
}

/// A mint of more decimals than the pool can value is refused
/// (`InvalidCollateralDecimals`); one at the limit is listed.
#[tokio::test]
async fn add_collateral_refuses_a_mint_with_too_many_decimals() {
    let (mut bank, fx) = setup().await;
    let authority = fx.mint_authority.pubkey();
    let too_fine = bank
        .create_mint(&authority, MAX_COLLATERAL_DECIMALS + 1)
        .await;
    let add = ix::add_collateral(&fx.addrs, &fx.admin.pubkey(), &too_fine, sol_params());
    assert_refused(
        &mut bank,
        &fx,
        &[add],
        &[&fx.admin],
        LendingError::InvalidCollateralDecimals,
    )
    .await;
    let finest = bank.create_mint(&authority, MAX_COLLATERAL_DECIMALS).await;
    let add = ix::add_collateral(&fx.addrs, &fx.admin.pubkey(), &finest, sol_params());
    bank.ok(&[add], &[&fx.admin]).await;
    let pool = fx.pool(&mut bank).await;
    assert_eq!(
        (pool.num_collaterals, pool.collaterals[0].mint),
        (1, finest)
    );
    assert_eq!(pool.collaterals[0].decimals, MAX_COLLATERAL_DECIMALS);
}
