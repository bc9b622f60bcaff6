//! Pools, positions and prices the pool's unit tests share.
use super::*;
use crate::{constants::WAD, math::mul_div_up, state::Position};
use bytemuck::Zeroable;

/// An empty pool with the example config and a borrow index of 1.0.
pub fn pool() -> Pool {
    let mut p = Pool::zeroed();
    p.config = PoolConfig::example();
    p.borrow_index.set(WAD);
    p
}

/// A pool with one collateral of `decimals` and a position holding `held` of it, owing
/// `debt` (base 6 decimals at $1; liquidation fee 0).
pub fn one_slot(decimals: u8, held: u64, debt: u64) -> (Pool, Position) {
    let mut p = pool();
    p.cash = 1_000_000_000_000;
    p.base_decimals = 6;
    p.config.liquidation_fee_bps = 0;
    p.num_collaterals = 1;
    p.collaterals[0] = crate::state::CollateralAsset {
        decimals,
        ltv_bps: 7_500,
        liquidation_threshold_bps: 8_000,
        liquidation_bonus_bps: 500,
        deposit_cap: u64::MAX,
        ..Default::default()
    };
    let mut pos = bankrupt(&mut p, debt);
    p.deposit_collateral(&mut pos, 0, held).unwrap();
    (p, pos)
}

pub fn spot(base: i64, collateral: i64) -> crate::math::Prices {
    let price = |x: i64| crate::math::OraclePrice {
        price: x,
        conf: 0,
        ema_price: x,
        expo: -8,
        publish_time: 0,
    };
    let mut prices = crate::math::Prices {
        base: Some(price(base)),
        ..crate::math::Prices::default()
    };
    prices.collateral[0] = Some(price(collateral));
    prices
}

/// A position owing `debt` with no collateral, booked into `p`.
pub fn bankrupt(p: &mut Pool, debt: u64) -> Position {
    let mut pos = Position::zeroed();
    let scaled = mul_div_up(debt as u128, WAD, p.borrow_index.get()).unwrap();
    pos.scaled_debt.set(scaled);
    p.total_scaled_debt.set(p.total_scaled_debt.get() + scaled);
    pos
}

/// 10 SOL (9 decimals, 5% bonus) against 1,100 of debt.
pub fn sol_position() -> (Pool, Position) {
    one_slot(9, 10_000_000_000, 1_100_000_000)
}

/// SOL at `dollars` and the base at $1, both published at `published`.
pub fn sol_at(dollars: i64, published: i64) -> crate::math::Prices {
    let mut prices = spot(100_000_000, dollars * 100_000_000);
    for p in prices
        .collateral
        .iter_mut()
        .flatten()
        .chain(prices.base.iter_mut())
    {
        p.publish_time = published;
    }
    prices
}
