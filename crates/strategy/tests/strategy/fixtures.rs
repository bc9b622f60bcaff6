//! A pool with four collateral slots, markets and positions booked through the program.
use bytemuck::Zeroable;
use lending_pool_sdk::{
    constants::WAD,
    examples,
    math::{OraclePrice, Prices},
    state::{
        CollateralAsset, InsuranceFund, LiquidationOutcome, LiquidationRequest, Pool, PoolConfig,
        Position,
    },
};
use lending_pool_strategy::{Decision, Market};

pub const USDC: u64 = 1_000_000;
pub const SOL: u64 = 1_000_000_000;
pub const DOLLAR: i64 = 100_000_000;
pub const NOW: i64 = 1_000_000;

pub fn pool() -> Pool {
    let mut pool = Pool::zeroed();
    pool.config = PoolConfig {
        deposit_cap: u64::MAX,
        borrow_cap: u64::MAX,
        ..PoolConfig::example()
    };
    pool.borrow_index.set(WAD);
    pool.base_decimals = 6;
    pool.last_accrual_ts = NOW;
    pool.cash = 10_000_000 * USDC;
    pool.num_collaterals = 4;
    // slot 0: SOL-like, 5% bonus; slot 1: a riskier asset with a 10% bonus; slot 2: BTC-like
    // (8 decimals), 3%; slot 3: ETH-like (18 decimals), 8%
    pool.collaterals[0] = examples::SOL.slot([1; 32]);
    pool.collaterals[1] = CollateralAsset {
        decimals: 6,
        ltv_bps: 5_000,
        liquidation_threshold_bps: 6_000,
        liquidation_bonus_bps: 1_000,
        deposit_cap: u64::MAX,
        feed_id: [2; 32],
        ..CollateralAsset::default()
    };
    pool.collaterals[2] = CollateralAsset {
        decimals: 8,
        ltv_bps: 7_000,
        liquidation_threshold_bps: 8_500,
        liquidation_bonus_bps: 300,
        deposit_cap: u64::MAX,
        feed_id: [3; 32],
        ..CollateralAsset::default()
    };
    pool.collaterals[3] = CollateralAsset {
        decimals: 18,
        ltv_bps: 7_000,
        liquidation_threshold_bps: 7_500,
        liquidation_bonus_bps: 800,
        deposit_cap: u64::MAX,
        feed_id: [4; 32],
        ..CollateralAsset::default()
    };
    pool.base_feed_id = [0xBA; 32];
    pool
}

pub fn price(p: i64) -> OraclePrice {
    OraclePrice {
        price: p,
        conf: p as u64 / 1_000,
        ema_price: p,
        expo: -8,
        publish_time: NOW,
    }
}

pub fn market(sol: i64, other: i64) -> Market {
    let mut m = market4([sol, other, 0, 0]);
    m.prices.collateral[2..].fill(None);
    m
}

/// Every slot priced (8-decimal prices per whole token).
pub fn market4(prices: [i64; 4]) -> Market {
    Market {
        now: NOW,
        prices: Prices {
            base: Some(price(DOLLAR)),
            collateral: prices.map(|p| Some(price(p))),
        },
    }
}

/// The program's own liquidation on `pool` and `pos` at `m` (an empty insurance fund).
pub fn program_liquidate(
    pool: &mut Pool,
    pos: &mut Position,
    slot: usize,
    repay_amount: u64,
    min_collateral_out: u64,
    m: &Market,
) -> anchor_lang::Result<LiquidationOutcome> {
    let req = LiquidationRequest {
        slot,
        repay_amount,
        min_collateral_out,
    };
    pool.liquidate(pos, &mut InsuranceFund::zeroed(), req, &m.prices, 0, m.now)
}

/// A position with `sol` and `other` collateral and `debt` base units borrowed, booked
/// through the pool (so aggregates stay consistent).
pub fn position(pool: &mut Pool, sol: u64, other: u64, debt: u64) -> Position {
    position4(pool, [sol, other, 0, 0], debt)
}

/// `position` with any collateral in every slot.
pub fn position4(pool: &mut Pool, collateral: [u64; 4], debt: u64) -> Position {
    let mut pos = Position::zeroed();
    pos.collateral = collateral;
    for (asset, amount) in pool.collaterals.iter_mut().zip(collateral) {
        asset.total_deposited += amount;
    }
    if debt > 0 {
        pool.borrow(&mut pos, debt).expect("borrow");
    }
    pos
}

pub fn plan_of(d: Decision) -> lending_pool_strategy::LiquidationPlan {
    match d {
        Decision::Liquidate(p) => p,
        other => panic!("expected a liquidation, got {other:?}"),
    }
}

/// Starting prices of the four slots (SOL, a $1 token, BTC, ETH), 8 decimals.
pub const START: [i64; 4] = [150 * DOLLAR, DOLLAR, 60_000 * DOLLAR, 3_000 * DOLLAR];

/// The amount of `slot` worth `dollars` at `START` (1 unit for dust, 0 for none).
pub fn holding(pool: &Pool, slot: usize, kind: u8, dollars: u64) -> u64 {
    let one = 10u128.pow(pool.collaterals[slot].decimals as u32);
    match kind {
        0 => 0,
        1 => 1,
        _ => (dollars as u128 * one * DOLLAR as u128 / START[slot] as u128) as u64,
    }
}
