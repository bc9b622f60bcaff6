//! The clearing path's offers: an underwater position is emptied slot by slot, and where
//! taking a slot at its full bonus would leave a position that covers its debt short, the
//! slot is taken for less.
use lending_pool::{
    math::{amount_for_value_down, amount_for_value_up, value_wad_down, PriceMode, Prices},
    state::{Pool, Position},
};

/// Repayments that take all of `slot` and leave a position whose collateral covers its debt
/// still covering the rest (SPEC "Liquidation", solvency): `value(slot) − (collateral −
/// debt)` and a few units more, then the slot's value at par. None otherwise (the position
/// does not cover its debt, or its prices do not load).
pub fn covered_whole_slot_offers(
    pool: &Pool,
    pos: &Position,
    prices: &Prices,
    slot: usize,
) -> Vec<u64> {
    let Ok(h) = pool.position_health(pos, prices, PriceMode::Spot) else {
        return vec![];
    };
    let (Some(excess), Some(c), Some(base)) = (
        h.collateral_value.checked_sub(h.debt_value),
        prices.collateral[slot],
        prices.base,
    ) else {
        return vec![];
    };
    let decimals = pool.collaterals[slot].decimals;
    let Ok(value) = value_wad_down(pos.collateral[slot], decimals, c.spot_price(), c.expo) else {
        return vec![];
    };
    let in_base = |v| {
        amount_for_value_up(v, pool.base_decimals, base.spot_price(), base.expo).unwrap_or(u64::MAX)
    };
    let r = in_base(value.saturating_sub(excess));
    let at_par = amount_for_value_down(value, pool.base_decimals, base.spot_price(), base.expo)
        .unwrap_or(u64::MAX);
    (r..r.saturating_add(3)).chain([at_par]).collect()
}
