//! Units, the usual collateral assets (the SDK's examples) and the pools the tests start from.
use lending_pool::state::{CollateralParams, PoolConfig};
use lending_pool_sdk::examples;
use lending_pool_testkit::{Bank, Borrower, CollateralFixture, PoolFixture, User};

/// The base asset's decimals (USDC-like) and its units.
pub const DECIMALS: u8 = 6;
pub const USDC: u64 = 1_000_000;
pub const SOL: u64 = 1_000_000_000;
/// $1 in the oracle's units (expo -8).
pub const DOLLAR: i64 = examples::DOLLAR;
pub const DAY: i64 = 86_400;
/// 10,000 USDC: what the loss-holder tests' LPs lend.
pub const LENT: u64 = 10_000 * USDC;

/// $150, 9 decimals, LTV 75%, threshold 80%, bonus 5%.
pub const SOL_PRICE: i64 = examples::SOL.price;
/// $60,000, 8 decimals, LTV 60%, threshold 70%, bonus 8%.
pub const BTC_PRICE: i64 = examples::BTC.price;

/// The example SOL, listed on feed `[1; 32]`.
pub fn sol_params() -> CollateralParams {
    examples::SOL.params([1; 32])
}

/// The example BTC, listed on feed `[2; 32]`.
pub fn btc_params() -> CollateralParams {
    examples::BTC.params([2; 32])
}

/// A bank with one USDC-like pool (`PoolConfig::example()`).
pub async fn setup() -> (Bank, PoolFixture) {
    setup_with(PoolConfig::example()).await
}

pub async fn setup_with(config: PoolConfig) -> (Bank, PoolFixture) {
    let mut bank = Bank::start().await;
    let fx = PoolFixture::new(&mut bank, DECIMALS, config).await;
    (bank, fx)
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

/// An LP with 1,000,000 USDC in the pool and a borrower owing 800,000 (80% utilization).
pub async fn setup_borrowed() -> (Bank, PoolFixture, User, Borrower) {
    let (mut bank, fx, _) = setup_lending(0).await;
    let lp = fx.user(&mut bank, 1_000_000 * USDC).await;
    bank.ok(&[fx.deposit_ix(&lp, 1_000_000 * USDC, 0)], &[&lp.key])
        .await;
    let b = fx.borrower(&mut bank, 0, &[20_000_000_000_000]).await; // 20,000 SOL
    bank.ok(
        &[fx.deposit_collateral_ix(&b, 0, 20_000_000_000_000)],
        &[&b.key],
    )
    .await;
    let ix = fx.borrow_ix(&mut bank, &b, 800_000 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    (bank, fx, lp, b)
}

/// `PoolConfig::example()` without the liquidation fee, so the insurance fund's income is only
/// what a test puts there (the fee is covered by the liquidation tests).
pub fn no_fee() -> PoolConfig {
    PoolConfig {
        liquidation_fee_bps: 0,
        ..PoolConfig::example()
    }
}

/// A pool on `config` with SOL collateral (slot 0) and `liquidity` deposited by an LP.
pub async fn sol_pool(config: PoolConfig, liquidity: u64) -> (Bank, PoolFixture) {
    let (mut bank, mut fx) = setup_with(config).await;
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    if liquidity > 0 {
        let lp = fx.user(&mut bank, liquidity).await;
        bank.ok(&[fx.deposit_ix(&lp, liquidity, 0)], &[&lp.key])
            .await;
    }
    (bank, fx)
}
