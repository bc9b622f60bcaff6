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
