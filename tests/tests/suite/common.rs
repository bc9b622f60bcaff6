use lending_pool::state::PoolConfig;
use lending_pool_harness::{Bank, PoolFixture};

pub const DECIMALS: u8 = 6;

/// A bank with one USDC-like pool (`PoolConfig::example()`).
pub async fn setup() -> (Bank, PoolFixture) {
    setup_with(PoolConfig::example()).await
}

pub async fn setup_with(config: PoolConfig) -> (Bank, PoolFixture) {
    let mut bank = Bank::start().await;
    let fx = PoolFixture::new(&mut bank, DECIMALS, config).await;
    (bank, fx)
}

use lending_pool::state::CollateralParams;
use lending_pool_harness::CollateralFixture;

/// $150, 9 decimals, LTV 75%, threshold 80%, bonus 5%.
pub const SOL_PRICE: i64 = 15_000_000_000;
/// $60,000, 8 decimals, LTV 60%, threshold 70%, bonus 8%.
pub const BTC_PRICE: i64 = 6_000_000_000_000;

pub fn sol_params() -> CollateralParams {
    CollateralParams {
        feed_id: [1; 32],
        ltv_bps: 7_500,
        liquidation_threshold_bps: 8_000,
        liquidation_bonus_bps: 500,
        deposit_cap: u64::MAX,
    }
}
pub fn btc_params() -> CollateralParams {
    CollateralParams {
        feed_id: [2; 32],
        ltv_bps: 6_000,
        liquidation_threshold_bps: 7_000,
        liquidation_bonus_bps: 800,
        deposit_cap: u64::MAX,
    }
}

/// A pool with SOL-like and BTC-like collateral and `liquidity` base units deposited by an LP.
pub async fn setup_lending(liquidity: u64) -> (Bank, PoolFixture, [CollateralFixture; 2]) {
    let (mut bank, mut fx) = setup().await;
    let sol = fx
        .add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    let btc = fx
        .add_collateral(&mut bank, 8, BTC_PRICE, btc_params())
        .await;
    if liquidity > 0 {
        let lp = fx.user(&mut bank, liquidity).await;
        bank.ok(&[fx.deposit_ix(&lp, liquidity, 0)], &[&lp.key])
            .await;
    }
    (bank, fx, [sol, btc])
}

use crate::liquidation::liquidate;
use anchor_lang::solana_program::instruction::Instruction;
use lending_pool::errors::LendingError;
use lending_pool_harness::{assert_lending_err, Borrower, Liquidator, TestKeypair, TxResult};

/// Sends `ixs`, asserts they fail with `e` and that the pool account is byte for byte what it
/// was (a failed transaction writes nothing; this proves it for the books).
pub async fn assert_refused(
    bank: &mut Bank,
    fx: &PoolFixture,
    ixs: &[Instruction],
    signers: &[&TestKeypair],
    e: LendingError,
) {
    let before = fx.pool(bank).await;
    assert_lending_err(bank.process(ixs, signers).await, e);
    let after = fx.pool(bank).await;
    assert_eq!(
        bytemuck::bytes_of(&before),
        bytemuck::bytes_of(&after),
        "a refused {e:?} changed the pool"
    );
}

/// `liq` liquidates `b`'s slot `slot`, offering to repay everything (the policy clamps it).
pub async fn liquidate_slot(
    bank: &mut Bank,
    fx: &PoolFixture,
    liq: &Liquidator,
    b: &Borrower,
    slot: u8,
) -> TxResult {
    liquidate(bank, fx, liq, b, slot, u64::MAX, 0).await
}
