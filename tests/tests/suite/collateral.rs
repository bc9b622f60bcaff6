//! Collateral assets and positions: adding assets and their bounds, collateral in and out,
//! caps, closing a position.
use crate::common::*;
use crate::stakes_common::*;
use anchor_lang::{error::ErrorCode as AnchorError, prelude::Pubkey};
use lending_pool::{
    constants::MAX_COLLATERALS,
    errors::LendingError,
    events::{CollateralAdded, CollateralUpdated},
    state::{CollateralParams, PoolConfig},
};
use lending_pool_harness::*;
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};

const USDC: u64 = 1_000_000;
const SOL: u64 = 1_000_000_000;
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

#[tokio::test]
async fn collateral_in_and_out_without_debt_then_close() {
    let (mut bank, fx, [sol, btc]) = setup_lending(0).await;
    let b = fx.borrower(&mut bank, 0, &[10 * SOL, 100_000_000]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 4 * SOL)], &[&b.key])
        .await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 1, 50_000_000)], &[&b.key])
        .await;
    let pos = bank.position(&b.position).await;
    assert_eq!(&pos.collateral[..2], &[4 * SOL, 50_000_000]);
    assert_eq!(bank.token_balance(&sol.vault).await, 4 * SOL);
    assert_eq!(
        fx.pool(&mut bank).await.collaterals[1].total_deposited,
        50_000_000
    );

    // failure modes change nothing
    assert_lending_err(
        bank.process(&[fx.deposit_collateral_ix(&b, 0, 0)], &[&b.key])
            .await,
        LendingError::ZeroAmount,
    );
    let wrong_vault = ix::deposit_collateral(
        &fx.addrs.pool,
        &b.position,
        &b.key.pubkey(),
        &btc.vault,
        &b.collateral[0],
        &fx.base_oracle,
        &[],
        0,
        SOL,
    );
    assert_anchor_err(
        bank.process(&[wrong_vault], &[&b.key]).await,
        AnchorError::ConstraintTokenMint,
    );
    let wrong_vault = ix::deposit_collateral(
        &fx.addrs.pool,
        &b.position,
        &b.key.pubkey(),
        &btc.vault,
        &b.collateral[1],
        &fx.base_oracle,
        &[],
        0,
        1,
    );
    assert_lending_err(
        bank.process(&[wrong_vault], &[&b.key]).await,
        LendingError::WrongCollateralVault,
    );
    let unknown = ix::deposit_collateral(
        &fx.addrs.pool,
        &b.position,
        &b.key.pubkey(),
        &sol.vault,
        &b.collateral[0],
        &fx.base_oracle,
        &[],
        3,
        SOL,
    );
    assert_lending_err(
        bank.process(&[unknown], &[&b.key]).await,
        LendingError::UnknownCollateral,
    );
    let ix = fx
        .withdraw_collateral_ix(&mut bank, &b, 0, 4 * SOL + 1)
        .await;
    assert_lending_err(
        bank.process(&[ix], &[&b.key]).await,
        LendingError::InsufficientCollateral,
    );
    let r = bank
        .process(
            &[ix::close_position(
                &fx.addrs.pool,
                &b.key.pubkey(),
                &b.position,
            )],
            &[&b.key],
        )
        .await;
    assert_lending_err(r, LendingError::PositionNotEmpty);
    // someone else cannot take it out
    let mallory = fx.borrower(&mut bank, 0, &[]).await;
    let steal = ix::withdraw_collateral(
        &fx.addrs.pool,
        &b.position,
        &mallory.key.pubkey(),
        &sol.vault,
        &mallory.collateral[0],
        &fx.base_oracle,
        &[],
        0,
        SOL,
    );
    assert_anchor_err(
        bank.process(&[steal], &[&mallory.key]).await,
        AnchorError::ConstraintHasOne,
    );

    // without debt no oracle is needed
    for slot in 0..2u8 {
        let held = bank.position(&b.position).await.collateral[slot as usize];
        let ix = fx.withdraw_collateral_ix(&mut bank, &b, slot, held).await;
        bank.ok(&[ix], &[&b.key]).await;
    }
    assert_eq!(bank.token_balance(&b.collateral[0]).await, 10 * SOL);
    let lamports_before = bank
        .ctx
        .banks_client
        .get_balance(b.key.pubkey())
        .await
        .unwrap();
    bank.ok(
        &[ix::close_position(
            &fx.addrs.pool,
            &b.key.pubkey(),
            &b.position,
        )],
        &[&b.key],
    )
    .await;
    assert!(bank.account_data(&b.position).await.is_none());
    assert!(
        bank.ctx
            .banks_client
            .get_balance(b.key.pubkey())
            .await
            .unwrap()
            > lamports_before,
        "rent returned"
    );
}

#[tokio::test]
async fn collateral_deposit_cap() {
    let (mut bank, mut fx) = setup().await;
    fx.add_collateral(
        &mut bank,
        9,
        SOL_PRICE,
        CollateralParams {
            deposit_cap: 5 * SOL,
            ..sol_params()
        },
    )
    .await;
    let b = fx.borrower(&mut bank, 0, &[10 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 5 * SOL)], &[&b.key])
        .await;
    assert_lending_err(
        bank.process(&[fx.deposit_collateral_ix(&b, 0, 1)], &[&b.key])
            .await,
        LendingError::CollateralCapExceeded,
    );
}

/// The admin migrates a collateral's feed and delists it (LTV 0); bad parameters, a
/// stranger or an unused slot change nothing.
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
