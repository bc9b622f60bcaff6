//! SPEC "Edges" (round three), one test per instruction whose edge it was: `deposit` past
//! `MAX_BOOKS`, `borrow` and `repay` below `min_debt`, `liquidate` of an indivisible
//! collateral, `position_health` with a bad EMA or a wide band, `stake` into a fund left with
//! dust, and `close_stake`.
use crate::common::*;
use crate::liquidation::{DOLLAR, USDC};
use crate::stakes_common::*;
use anchor_lang::AnchorDeserialize;
use lending_pool::{
    constants::{MAX_BOOKS, WAD},
    errors::LendingError,
    events::{BadDebtSettled, Liquidated, StakeClosed},
    instructions::HealthReport,
    state::{CollateralParams, PoolConfig},
};
use lending_pool_harness::*;
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};

/// `deposit`: before, on an 18-decimal base ten whole tokens took `cash + total_debt` past
/// `MAX_BOOKS`, where accrual pins the index: interest stopped for everyone. Now refused.
#[tokio::test]
async fn deposit_past_max_books_is_refused() {
    let mut bank = Bank::start().await;
    let config = PoolConfig {
        deposit_cap: u64::MAX,
        min_debt: 0,
        ..PoolConfig::example()
    };
    let fx = PoolFixture::new(&mut bank, 18, config).await;
    let ten = 10 * 10u64.pow(18);
    let lp = fx.user(&mut bank, ten).await;
    assert_refused(
        &mut bank,
        &fx,
        &[fx.deposit_ix(&lp, ten, 0)],
        &[&lp.key],
        LendingError::BooksLimitExceeded,
    )
    .await;
    bank.ok(&[fx.deposit_ix(&lp, MAX_BOOKS, 0)], &[&lp.key])
        .await;
    assert_refused(
        &mut bank,
        &fx,
        &[fx.deposit_ix(&lp, 1, 0)],
        &[&lp.key],
        LendingError::BooksLimitExceeded,
    )
    .await;
    fx.assert_books(&mut bank).await;
}

/// `borrow` and `repay` never leave a debt between zero and `min_debt` (one USDC here).
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

/// `liquidate` of a collateral whose single unit is worth more than the close factor's
/// seizure: before, two indivisible units (here $900 each against 1,450 USDC) made a band
/// where every liquidation failed with `ZeroCollateralOut`; now the liquidator may repay one
/// unit's value at the bonus, past the close factor.
#[tokio::test]
async fn liquidate_takes_one_unit_when_the_close_factor_rounds_to_none() {
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
    // $1,800 of collateral: liquidatable (limit $1,440), not underwater ($1,522.5)
    fx.set_prices(bank, &[900 * DOLLAR]).await;
    let liq = fx.liquidator(bank, 10_000 * USDC).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let l: Liquidated = out.event();
    // one unit for $900 / 1.05, rounded up: more than the close factor's 725
    assert_eq!((l.collateral_out, l.repaid, l.fee), (1, 857_142_858, 0));
    let pos = bank.position(&b.position).await;
    assert_eq!(pos.collateral[0], 1);
    assert!(out.events::<BadDebtSettled>().is_empty());
    fx.assert_books(bank).await;
}

/// `position_health` returns its spot half when the conservative half is refused (a bad EMA
/// or a band wider than `oracle_max_conf_bps`), with the error a borrow would get; before,
/// the whole view failed, and a bad EMA also blocked liquidation pricing.
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

/// `stake`: before, a settlement that left the fund a unit for hundreds of millions of
/// shares kept them alive, and a stake of 100,000 USDC would mint more shares than a u64
/// holds (`InsuranceSharesOverflow`): the fund could never be restocked. Now that settlement
/// starts a new share epoch and the stake mints at the initial price.
#[tokio::test]
async fn stake_into_a_fund_left_with_dust_starts_afresh() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    // the loss a crash to $50 leaves: 1,100 − 500 / 1.05
    const LOSS: u64 = 623_809_523;
    let s = fx.staker(bank, LOSS + 1).await;
    bank.ok(&[fx.stake_ix(&s, LOSS + 1, 0)], &[&s.key]).await;
    let b = underwater(bank, &fx).await;
    let liq = liquidator(bank, &fx).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let settled: BadDebtSettled = out.event();
    assert_eq!((settled.debt, settled.covered), (LOSS, LOSS));
    let fund = fx.insurance(bank).await;
    assert_eq!(
        (fund.balance().unwrap(), fund.total_shares, fund.share_epoch),
        (1, 0, 1)
    );
    let big = fx.staker(bank, 100_000 * USDC).await;
    bank.ok(&[fx.stake_ix(&big, 100_000 * USDC, 0)], &[&big.key])
        .await;
    assert_eq!(fx.stake_account(bank, &big).await.shares, 100_000 * USDC);
    assert_eq!(fx.stake_value(bank, &s).await, 0);
    fx.assert_books(bank).await;
}

/// `close_stake` returns an empty stake account's rent (before, rent was locked for good);
/// one with shares is refused.
#[tokio::test]
async fn close_stake_returns_the_rent_of_an_empty_stake_only() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let s = fx.staker(bank, 500 * USDC).await;
    bank.ok(&[fx.stake_ix(&s, 500 * USDC, 0)], &[&s.key]).await;
    assert_unchanged(
        bank,
        &fx,
        &[s.stake],
        &[fx.close_stake_ix(&s)],
        &[&s.key],
        |r| assert_lending_err(r, LendingError::StakeNotEmpty),
    )
    .await;
    bank.ok(&[fx.request_unstake_ix(&s, 500 * USDC)], &[&s.key])
        .await;
    let cooldown = fx.pool(bank).await.config.unstake_cooldown_secs as i64;
    bank.warp(cooldown).await;
    bank.ok(&[fx.unstake_ix(&s)], &[&s.key]).await;
    let lamports = bank.lamports(&s.key.pubkey()).await;
    let rent = bank.lamports(&s.stake).await;
    let out = bank.ok(&[fx.close_stake_ix(&s)], &[&s.key]).await;
    let e: StakeClosed = out.event();
    assert_eq!((e.total_staked, e.total_unstaked), (500 * USDC, 500 * USDC));
    assert!(bank.account_data(&s.stake).await.is_none());
    assert!(bank.lamports(&s.key.pubkey()).await >= lamports + rent - 10_000);
}
