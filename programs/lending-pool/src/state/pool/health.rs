//! A position's health at given prices: the one implementation, used by the handlers, the
//! views, the liquidation policy and (through the SDK) every off-chain tool.
use super::Pool;
use crate::{
    constants::MAX_COLLATERALS,
    math::{
        position_values, CollateralHolding, DebtHolding, PositionHealth, PositionValues, PriceMode,
        Prices,
    },
    state::Position,
};
use anchor_lang::prelude::*;

impl Pool {
    /// `pos`'s health at `prices` (every priced slot (`priced_slots`) and the base asset must be priced, else
    /// `OracleAccountsMismatch`), valued in `mode`.
    pub fn position_health(
        &self,
        pos: &Position,
        prices: &Prices,
        mode: PriceMode,
    ) -> Result<PositionHealth> {
        self.position_values(pos, prices, mode)?.with_health()
    }

    /// [`Pool::position_health`] without the health ratio (see `PositionValues`).
    pub fn position_values(
        &self,
        pos: &Position,
        prices: &Prices,
        mode: PriceMode,
    ) -> Result<PositionValues> {
        let debt = pos.debt(self.borrow_index.get())?;
        self.position_values_owing(pos, debt, prices, mode)
    }

    /// [`Pool::position_values`] for `debt`, the position's debt already computed (a view
    /// valuing it twice computes it once).
    pub fn position_values_owing(
        &self,
        pos: &Position,
        debt: u64,
        prices: &Prices,
        mode: PriceMode,
    ) -> Result<PositionValues> {
        let base = prices.base()?;
        let mut holdings = [CollateralHolding::default(); MAX_COLLATERALS];
        let mut n = 0;
        for slot in self.valued_slots(pos) {
            let p = prices.collateral(slot)?;
            let asset = &self.collaterals[slot];
            holdings[n] = CollateralHolding {
                amount: pos.collateral[slot],
                decimals: asset.decimals,
                ltv_bps: asset.ltv_bps,
                liquidation_threshold_bps: asset.liquidation_threshold_bps,
                liquidation_bonus_bps: asset.liquidation_bonus_bps,
                price: mode.collateral(&p),
                expo: p.expo,
            };
            n += 1;
        }
        let debt = DebtHolding {
            amount: debt,
            decimals: self.base_decimals,
            price: mode.debt(&base),
            expo: base.expo,
        };
        position_values(&holdings[..n], debt)
    }
}
