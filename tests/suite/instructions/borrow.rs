//! `borrow`: the borrow limit at conservative prices, several assets, every oracle failure,
//! caps, pauses and the minimum debt.
use crate::support::*;
use anchor_lang::{error::ErrorCode as AnchorError, prelude::Pubkey, AnchorDeserialize};
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::DebtChanged,
    instructions::HealthReport,
    math::{amount_for_value_down, OraclePrice, PriceMode, Prices},
    state::PoolConfig,
};
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};
use lending_pool_testkit::*;

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

// also covers: withdraw_collateral
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

// also covers: position_health
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
    type Tamper = Box<dyn Fn(&mut Bank)>;
    let cases: Vec<(Tamper, LendingError)> = vec![
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

/// `borrow` and `repay` never leave a debt between zero and `min_debt` (one USDC here).
// also covers: repay
#[tokio::test]
async fn borrow_and_repay_keep_debt_above_min_debt() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = fx.borrower(bank, 0, &[HELD]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, HELD)], &[&b.key])
        .await;
    let dust = fx.borrow_ix(bank, &b, USDC - 1).await;
    assert_refused(
        bank,
        &fx,
        &[dust],
        &[&b.key],
        LendingError::DebtBelowMinimum,
    )
    .await;
    let borrow = fx.borrow_ix(bank, &b, 10 * USDC).await;
    bank.ok(&[borrow], &[&b.key]).await;
    // leaving 0.5 USDC is refused; leaving one is not; all of it is
    assert_refused(
        bank,
        &fx,
        &[fx.repay_ix(&b, 9 * USDC + USDC / 2)],
        &[&b.key],
        LendingError::DebtBelowMinimum,
    )
    .await;
    bank.ok(&[fx.repay_ix(&b, 9 * USDC)], &[&b.key]).await;
    bank.ok(&[fx.repay_ix(&b, u64::MAX)], &[&b.key]).await;
    assert_eq!(bank.position(&b.position).await.scaled_debt.get(), 0);
    fx.assert_books(bank).await;
}
