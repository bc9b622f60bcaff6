//! Collateral assets, positions, borrowing and repaying, oracle checks, the health view.
use crate::common::*;
use anchor_lang::{error::ErrorCode as AnchorError, prelude::Pubkey, AnchorDeserialize};
use lending_pool::{
    constants::{pause, MAX_COLLATERALS, WAD},
    errors::LendingError,
    events::{CollateralAdded, DebtChanged},
    instructions::HealthReport,
    math::{amount_for_value_down, OraclePrice, PriceMode, Prices},
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
    assert_eq!((ev.index, ev.mint, ev.params), (0, mint, sol_params()));
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

/// Borrowing right up to the conservative limit works; one base unit more does not.
async fn max_borrowable(bank: &mut Bank, fx: &PoolFixture, b: &Borrower) -> u64 {
    let oracles = fx.oracles_for(bank, &b.position).await;
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
    let report = HealthReport::deserialize(&mut &out.return_data.unwrap()[..]).unwrap();
    let h = report.conservative;
    let headroom = h.borrow_limit.saturating_sub(h.debt_value);
    // the base asset is priced at $1.00 ± 0.1% in the fixture: debt uses the high side
    amount_for_value_down(headroom, 6, 100_100_000, -8).unwrap()
}

#[tokio::test]
async fn borrow_stops_exactly_at_the_borrow_limit_at_any_price() {
    let (mut bank, fx, _) = setup_lending(10_000_000 * USDC).await;
    let b = fx.borrower(&mut bank, 0, &[1_000 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 10 * SOL)], &[&b.key])
        .await;
    for price in [SOL_PRICE, 3 * SOL_PRICE, SOL_PRICE / 7, 12_345_678_901] {
        fx.set_prices(&mut bank, &[price, BTC_PRICE]).await;
        let max = max_borrowable(&mut bank, &fx, &b).await;
        if max > 0 {
            let ix = fx.borrow_ix(&mut bank, &b, max + 1).await;
            assert_lending_err(
                bank.process(&[ix], &[&b.key]).await,
                LendingError::BorrowLimitExceeded,
            );
            let ix = fx.borrow_ix(&mut bank, &b, max).await;
            bank.ok(&[ix], &[&b.key]).await;
        }
        // at the limit (within one base unit): neither one more unit nor 0.001 SOL out
        let ix = fx.borrow_ix(&mut bank, &b, 1).await;
        assert_lending_err(
            bank.process(&[ix], &[&b.key]).await,
            LendingError::BorrowLimitExceeded,
        );
        let ix = fx.withdraw_collateral_ix(&mut bank, &b, 0, 1_000_000).await;
        assert_lending_err(
            bank.process(&[ix], &[&b.key]).await,
            LendingError::BorrowLimitExceeded,
        );
        fx.assert_books(&mut bank).await;
    }
}

#[tokio::test]
async fn two_collateral_assets_combine() {
    let (mut bank, fx, _) = setup_lending(1_000_000 * USDC).await;
    let b = fx.borrower(&mut bank, 0, &[10 * SOL, 100_000_000]).await;
    // 10 SOL at $150 (conservative $149.85, LTV 75%) ≈ $1,123; 0.05 BTC at $60,000 ($59,940, LTV 60%) ≈ $1,798
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 10 * SOL)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 2_000 * USDC).await;
    assert_lending_err(
        bank.process(&[ix], &[&b.key]).await,
        LendingError::BorrowLimitExceeded,
    );
    bank.ok(&[fx.deposit_collateral_ix(&b, 1, 5_000_000)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 2_000 * USDC).await;
    let out = bank.ok(&[ix], &[&b.key]).await;
    let ev: DebtChanged = out.event();
    assert!(ev.is_borrow);
    assert_eq!(
        (ev.amount, ev.position_debt_before, ev.position_debt_after),
        (2_000 * USDC, 0, 2_000 * USDC)
    );
    assert_eq!(ev.cash_before - ev.cash_after, 2_000 * USDC);
    assert_eq!(bank.token_balance(&b.base).await, 2_000 * USDC);
    // the one health implementation gives the same answer off-chain
    let max = max_borrowable(&mut bank, &fx, &b).await;
    let pool = fx.pool(&mut bank).await;
    let pos = bank.position(&b.position).await;
    let now = bank.now().await;
    let p = |price: i64| OraclePrice {
        price,
        conf: price as u64 / 1_000,
        ema_price: price,
        expo: -8,
        publish_time: now,
    };
    let prices = Prices {
        base: Some(p(100_000_000)),
        collateral: [Some(p(SOL_PRICE)), Some(p(BTC_PRICE)), None, None],
    };
    let h = pool
        .position_health(&pos, &prices, PriceMode::Conservative)
        .unwrap();
    assert_eq!(
        amount_for_value_down(h.borrow_limit - h.debt_value, 6, 100_100_000, -8).unwrap(),
        max
    );
    assert!(max > 0 && max < 1_000 * USDC);
}

#[tokio::test]
async fn borrow_failure_modes_change_nothing() {
    let (mut bank, mut fx, _) = setup_lending(1_000 * USDC).await;
    let b = fx.borrower(&mut bank, 0, &[100 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 100 * SOL)], &[&b.key])
        .await;
    // more than the pool's cash
    let ix = fx.borrow_ix(&mut bank, &b, 1_000 * USDC + 1).await;
    assert_lending_err(
        bank.process(&[ix], &[&b.key]).await,
        LendingError::InsufficientCash,
    );
    let ix = fx.borrow_ix(&mut bank, &b, 0).await;
    assert_lending_err(
        bank.process(&[ix], &[&b.key]).await,
        LendingError::ZeroAmount,
    );
    // borrow cap
    let capped = PoolConfig {
        borrow_cap: 100 * USDC,
        ..PoolConfig::example()
    };
    bank.ok(
        &[ix::update_config(
            &fx.addrs.pool,
            &fx.admin.pubkey(),
            capped,
        )],
        &[&fx.admin],
    )
    .await;
    let ix = fx.borrow_ix(&mut bank, &b, 101 * USDC).await;
    assert_lending_err(
        bank.process(&[ix], &[&b.key]).await,
        LendingError::BorrowCapExceeded,
    );
    // paused
    bank.ok(
        &[ix::set_pause(
            &fx.addrs.pool,
            &fx.guardian.pubkey(),
            pause::BORROW,
        )],
        &[&fx.guardian],
    )
    .await;
    let ix = fx.borrow_ix(&mut bank, &b, USDC).await;
    assert_lending_err(
        bank.process(&[ix], &[&b.key]).await,
        LendingError::OperationPaused,
    );
    bank.ok(
        &[ix::set_pause(&fx.addrs.pool, &fx.guardian.pubkey(), 0)],
        &[&fx.guardian],
    )
    .await;
    // someone else borrowing against it
    let mallory = fx.borrower(&mut bank, 0, &[]).await;
    let steal = ix::borrow(
        &fx.addrs,
        &b.position,
        &mallory.key.pubkey(),
        &mallory.base,
        &fx.base_oracle,
        &[fx.collaterals[0].oracle],
        USDC,
    );
    assert_anchor_err(
        bank.process(&[steal], &[&mallory.key]).await,
        AnchorError::ConstraintHasOne,
    );
    // oracle accounts missing
    let no_oracles = ix::borrow(
        &fx.addrs,
        &b.position,
        &b.key.pubkey(),
        &b.base,
        &fx.base_oracle,
        &[],
        USDC,
    );
    assert_lending_err(
        bank.process(&[no_oracles], &[&b.key]).await,
        LendingError::OracleAccountsMismatch,
    );

    // bad prices: stale, wrong owner, wrong feed, too uncertain, partially verified
    let sol_oracle = fx.collaterals[0].oracle;
    let now = bank.now().await;
    let spec = PriceUpdateSpec::new([1; 32], SOL_PRICE, -8, now);
    let cases: Vec<(Box<dyn Fn(&mut Bank)>, LendingError)> = vec![
        (
            Box::new(move |bk: &mut Bank| {
                bk.set_price(
                    &sol_oracle,
                    &PriceUpdateSpec {
                        publish_time: now - 61,
                        ..spec
                    },
                )
            }),
            LendingError::OracleStale,
        ),
        (
            Box::new(move |bk: &mut Bank| {
                bk.set_account_data(&sol_oracle, &Pubkey::new_unique(), spec.account_data())
            }),
            LendingError::OracleWrongOwner,
        ),
        (
            Box::new(move |bk: &mut Bank| {
                bk.set_price(
                    &sol_oracle,
                    &PriceUpdateSpec {
                        feed_id: [2; 32],
                        ..spec
                    },
                )
            }),
            LendingError::OracleWrongFeed,
        ),
        (
            Box::new(move |bk: &mut Bank| {
                bk.set_price(
                    &sol_oracle,
                    &PriceUpdateSpec {
                        conf: SOL_PRICE as u64 / 40,
                        ..spec
                    },
                )
            }),
            LendingError::OracleConfidenceTooWide,
        ),
        (
            Box::new(move |bk: &mut Bank| {
                bk.set_price(
                    &sol_oracle,
                    &PriceUpdateSpec {
                        fully_verified: false,
                        ..spec
                    },
                )
            }),
            LendingError::OracleNotFullyVerified,
        ),
        (
            Box::new(move |bk: &mut Bank| {
                bk.set_price(&sol_oracle, &PriceUpdateSpec { price: 0, ..spec })
            }),
            LendingError::OracleNonPositivePrice,
        ),
        (
            Box::new(move |bk: &mut Bank| {
                bk.set_account_data(
                    &sol_oracle,
                    &lending_pool_sdk::oracle::PYTH_RECEIVER_PROGRAM_ID,
                    vec![1; 134],
                )
            }),
            LendingError::OracleInvalidAccount,
        ),
    ];
    for (corrupt, err) in cases {
        corrupt(&mut bank);
        let ix = fx.borrow_ix(&mut bank, &b, USDC).await;
        assert_lending_err(bank.process(&[ix], &[&b.key]).await, err);
        fx.set_prices(&mut bank, &[SOL_PRICE, BTC_PRICE]).await;
    }
    // the collateral's oracle passed as the base oracle
    let swapped = ix::borrow(
        &fx.addrs,
        &b.position,
        &b.key.pubkey(),
        &b.base,
        &sol_oracle,
        &[sol_oracle],
        USDC,
    );
    assert_lending_err(
        bank.process(&[swapped], &[&b.key]).await,
        LendingError::OracleWrongFeed,
    );
    // a stale base price after time passes
    bank.warp(120).await;
    let now = bank.now().await;
    bank.set_price(
        &sol_oracle,
        &PriceUpdateSpec::new([1; 32], SOL_PRICE, -8, now),
    );
    let ix = fx.borrow_ix(&mut bank, &b, USDC).await;
    assert_lending_err(
        bank.process(&[ix], &[&b.key]).await,
        LendingError::OracleStale,
    );

    assert_eq!(bank.position(&b.position).await.scaled_debt.get(), 0);
    assert_eq!(bank.token_balance(&b.base).await, 0);
    fx.collaterals.clear();
}

#[tokio::test]
async fn anyone_repays_and_overpaying_repays_exactly_the_debt() {
    let (mut bank, fx, _) = setup_lending(10_000 * USDC).await;
    let b = fx.borrower(&mut bank, 0, &[100 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 100 * SOL)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 1_000 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    assert_lending_err(
        bank.process(&[fx.repay_ix(&b, 0)], &[&b.key]).await,
        LendingError::ZeroAmount,
    );

    // a friend pays part of it
    let friend = fx.user(&mut bank, 5_000 * USDC).await;
    let ix = ix::repay(
        &fx.addrs,
        &b.position,
        &friend.key.pubkey(),
        &friend.base,
        400 * USDC,
    );
    let ev: DebtChanged = bank.ok(&[ix], &[&friend.key]).await.event();
    assert!(!ev.is_borrow);
    assert_eq!(
        (ev.amount, ev.position_debt_before, ev.position_debt_after),
        (400 * USDC, 1_000 * USDC, 600 * USDC)
    );
    // far more than the debt: exactly the debt moves
    let ix = ix::repay(
        &fx.addrs,
        &b.position,
        &friend.key.pubkey(),
        &friend.base,
        u64::MAX,
    );
    let ev: DebtChanged = bank.ok(&[ix], &[&friend.key]).await.event();
    assert_eq!((ev.amount, ev.position_debt_after), (600 * USDC, 0));
    assert_eq!(bank.token_balance(&friend.base).await, 4_000 * USDC);
    let pool = fx.pool(&mut bank).await;
    assert_eq!(
        (pool.total_scaled_debt.get(), pool.cash),
        (0, 10_000 * USDC)
    );
    assert_lending_err(
        bank.process(&[fx.repay_ix(&b, 1)], &[&b.key]).await,
        LendingError::NoDebt,
    );
    fx.assert_books(&mut bank).await;
}

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
