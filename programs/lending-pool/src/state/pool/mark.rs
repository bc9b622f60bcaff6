//! Marked shortfalls (`docs/SPEC.md`, "Known losses are priced before they are settled"):
//! what a full liquidation of a position would leave to settle, recorded on the position
//! and summed on the pool, so LP and insurance exits are priced net of losses everyone can
//! already see. A mark blocks nothing; it prices the exit.
use super::Pool;
use crate::{
    errors::LendingError,
    math::{add_u64, amount_for_value_down_capped, sub_u64, PriceMode, Prices},
    state::{FundValue, Position},
};
use anchor_lang::prelude::*;

/// Why a mark changed (the `ShortfallMarked` event's `reason`). A settlement's release of a
/// mark is part of `BadDebtSettled` (`mark_released`, `marked_shortfall_after`).
pub mod mark_reason {
    pub const MARK: u8 = 0;
    pub const LIQUIDATION: u8 = 1;
    pub const REPAYMENT: u8 = 2;
    pub const COLLATERAL: u8 = 3;
    pub const BORROW: u8 = 4;
}

/// A mark's change on the position and on the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkChange {
    pub position_before: u64,
    pub position_after: u64,
    pub pool_before: u64,
    pub pool_after: u64,
}

impl Pool {
    /// `max(0, debt − repayable)` at spot prices, with `repayable` the base units the
    /// collateral repays when every slot pays its full bonus (rounded down: the mark never
    /// understates what liquidation leaves).
    pub fn shortfall_at(&self, pos: &Position, prices: &Prices) -> Result<u64> {
        if pos.scaled_debt.get() == 0 {
            return Ok(0);
        }
        let health = self.position_values(pos, prices, PriceMode::Spot)?;
        self.shortfall_of(pos, health.repayable_value, prices)
    }

    /// `shortfall_at` for a position whose spot `repayable_value` is already known (a
    /// liquidation has just valued it).
    pub fn shortfall_of(
        &self,
        pos: &Position,
        repayable_value: u128,
        prices: &Prices,
    ) -> Result<u64> {
        let debt = pos.debt(self.borrow_index.get())?;
        if debt == 0 {
            return Ok(0);
        }
        let base = prices.base()?;
        let repayable = amount_for_value_down_capped(
            repayable_value,
            self.base_decimals,
            base.spot_price(),
            base.expo,
            debt,
        )?;
        Ok(debt - repayable)
    }

    /// The oldest `publish_time` among the prices valuing `pos`: the base asset's and each
    /// held slot's (`OracleAccountsMismatch` if one is missing).
    pub fn prices_age(&self, pos: &Position, prices: &Prices) -> Result<i64> {
        let mut oldest = prices.base()?.publish_time;
        for slot in 0..self.num_collaterals as usize {
            if pos.collateral[slot] > 0 {
                oldest = oldest.min(prices.collateral(slot)?.publish_time);
            }
        }
        Ok(oldest)
    }

    /// Marks `pos` at `prices`, fresh or not (marked before or not): the shortfall there
    /// (its whole debt when it holds no collateral), unless that would lower the mark with
    /// prices older than the mark's: an older price never undoes a newer mark, so the mark
    /// then stays (at most the debt). Returns the change, or `None` when nothing changed.
    pub fn mark_at(
        &mut self,
        pos: &mut Position,
        prices: &Prices,
        now: i64,
    ) -> Result<Option<MarkChange>> {
        let shortfall = self.shortfall_at(pos, prices)?;
        let prices_ts = self.prices_age(pos, prices)?;
        self.mark_with(pos, shortfall, prices_ts, now)
    }

    /// `mark_at` with the shortfall and the prices' age already computed.
    pub fn mark_with(
        &mut self,
        pos: &mut Position,
        shortfall: u64,
        prices_ts: i64,
        now: i64,
    ) -> Result<Option<MarkChange>> {
        let (mark, ts) = if self.may_set_mark(pos, shortfall, prices_ts) {
            (shortfall, prices_ts.max(pos.mark_price_ts))
        } else {
            let debt = pos.debt(self.borrow_index.get())?;
            (pos.marked_shortfall.min(debt), pos.mark_price_ts)
        };
        if mark == pos.marked_shortfall && (mark == 0 || ts == pos.mark_price_ts) {
            return Ok(None);
        }
        let change = self.set_mark(pos, mark, now)?;
        if mark > 0 {
            pos.mark_price_ts = ts;
        }
        Ok(Some(change))
    }

    /// Whether prices published no earlier than `prices_ts` may set `pos`'s mark to
    /// `shortfall`: raising is always allowed; lowering or releasing needs prices no older
    /// than the mark's.
    pub fn may_set_mark(&self, pos: &Position, shortfall: u64, prices_ts: i64) -> bool {
        shortfall >= pos.marked_shortfall || prices_ts >= pos.mark_price_ts
    }

    /// `mark_shortfall`: `mark_at`, refused (`MarkPricesOlder`) where it would keep a mark
    /// the caller's prices show lower, and (`NothingToMark`) where there is neither a
    /// shortfall nor a mark.
    pub fn mark(&mut self, pos: &mut Position, prices: &Prices, now: i64) -> Result<MarkChange> {
        let shortfall = self.shortfall_at(pos, prices)?;
        require!(
            shortfall > 0 || pos.marked_shortfall > 0,
            LendingError::NothingToMark
        );
        let prices_ts = self.prices_age(pos, prices)?;
        require!(
            self.may_set_mark(pos, shortfall, prices_ts),
            LendingError::MarkPricesOlder
        );
        let unchanged = MarkChange {
            position_before: pos.marked_shortfall,
            position_after: pos.marked_shortfall,
            pool_before: self.marked_shortfall,
            pool_after: self.marked_shortfall,
        };
        Ok(self
            .mark_with(pos, shortfall, prices_ts, now)?
            .unwrap_or(unchanged))
    }

    /// Sets `pos`'s mark to `shortfall`, keeping `marked_shortfall` the exact sum (no
    /// freshness rule: settlements and repayments, which read no prices, use it).
    pub fn set_mark(&mut self, pos: &mut Position, shortfall: u64, now: i64) -> Result<MarkChange> {
        let pool_before = self.marked_shortfall;
        let position_before = pos.marked_shortfall;
        self.marked_shortfall = add_u64(sub_u64(pool_before, position_before)?, shortfall)?;
        pos.marked_shortfall = shortfall;
        pos.mark_ts = if shortfall > 0 { now } else { 0 };
        if shortfall == 0 {
            pos.mark_price_ts = 0;
        }
        Ok(MarkChange {
            position_before,
            position_after: shortfall,
            pool_before,
            pool_after: self.marked_shortfall,
        })
    }

    /// Re-marks a marked position at `prices` after an instruction that read them (borrow,
    /// collateral changes), by `mark_at`'s freshness rule. Unmarked positions stay unmarked.
    pub fn remark_if_marked(
        &mut self,
        pos: &mut Position,
        prices: &Prices,
        now: i64,
    ) -> Result<Option<MarkChange>> {
        if pos.marked_shortfall == 0 {
            return Ok(None);
        }
        self.mark_at(pos, prices, now)
    }

    /// After a repayment of `repaid` (no prices read): the shortfall at the mark's prices
    /// falls by exactly the repayment, down to zero.
    pub fn reduce_mark(
        &mut self,
        pos: &mut Position,
        repaid: u64,
        now: i64,
    ) -> Result<Option<MarkChange>> {
        if pos.marked_shortfall == 0 {
            return Ok(None);
        }
        let shortfall = pos.marked_shortfall.saturating_sub(repaid);
        let ts = pos.mark_ts;
        let change = self.set_mark(pos, shortfall, now)?;
        if shortfall > 0 {
            pos.mark_ts = ts; // the prices behind it are as old as before
        }
        Ok(Some(change))
    }

    /// The fund's value for its shares: ledger plus pending interest, and the part of the
    /// marked shortfall it would cover.
    pub fn insurance_value(&self, fund_ledger_balance: u64) -> Result<FundValue> {
        let gross = add_u64(fund_ledger_balance, self.insurance_pending)?;
        Ok(FundValue {
            gross,
            covered: self.marked_shortfall.min(gross),
        })
    }

    /// `max(0, marked_shortfall − insurance value)`: the marked loss the LPs would bear.
    pub fn uncovered_shortfall(&self, fund_ledger_balance: u64) -> Result<u64> {
        let v = self.insurance_value(fund_ledger_balance)?;
        Ok(self.marked_shortfall - v.covered)
    }

    /// `lp_assets − uncovered`: what LP flows are priced at.
    pub fn exit_lp_assets(&self, fund_ledger_balance: u64) -> Result<u64> {
        Ok(self
            .lp_assets()?
            .saturating_sub(self.uncovered_shortfall(fund_ledger_balance)?))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{bankrupt, one_slot, pool, spot};
    use super::*;

    #[test]
    fn marks_sum_exactly_and_repayments_lower_them() {
        let mut p = pool();
        p.cash = 10_000;
        let mut a = bankrupt(&mut p, 1_000);
        let mut b = bankrupt(&mut p, 1_000);
        p.set_mark(&mut a, 300, 5).unwrap();
        p.set_mark(&mut b, 200, 6).unwrap();
        assert_eq!(p.marked_shortfall, 500);
        // a re-mark replaces, it does not add
        let c = p.set_mark(&mut a, 100, 7).unwrap();
        assert_eq!(
            (c.position_before, c.pool_before, c.pool_after),
            (300, 500, 300)
        );
        // a repayment lowers the mark by what it repaid, keeping the mark's time
        p.reduce_mark(&mut b, 150, 9).unwrap();
        assert_eq!(
            (b.marked_shortfall, b.mark_ts, p.marked_shortfall),
            (50, 6, 150)
        );
        p.reduce_mark(&mut b, 150, 9).unwrap();
        assert_eq!(
            (b.marked_shortfall, b.mark_ts, p.marked_shortfall),
            (0, 0, 100)
        );
        assert_eq!(p.reduce_mark(&mut b, 1, 9).unwrap(), None);
    }

    #[test]
    fn only_the_uncovered_part_prices_lp_exits() {
        let mut p = pool();
        p.cash = 10_000;
        p.insurance_pending = 100;
        let mut a = bankrupt(&mut p, 1_000);
        let lp = p.lp_assets().unwrap();
        p.set_mark(&mut a, 700, 0).unwrap();
        // the fund (300 in the vault + 100 pending) covers 400 of it
        assert_eq!(
            p.insurance_value(300).unwrap(),
            FundValue {
                gross: 400,
                covered: 400
            }
        );
        assert_eq!(p.uncovered_shortfall(300).unwrap(), 300);
        assert_eq!(p.exit_lp_assets(300).unwrap(), lp - 300);
        // a fund larger than the marks leaves LP prices alone
        assert_eq!(p.exit_lp_assets(5_000).unwrap(), lp);
        assert_eq!(p.insurance_value(5_000).unwrap().net(), 5_100 - 700);
    }

    /// 10 SOL (9 decimals, 5% bonus) against 1,100 of debt.
    fn sol_position() -> (Pool, Position) {
        one_slot(9, 10_000_000_000, 1_100_000_000)
    }

    /// SOL at `dollars` and the base at $1, both published at `published`.
    fn sol_at(dollars: i64, published: i64) -> Prices {
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

    #[test]
    fn an_older_price_never_undoes_a_newer_mark() {
        // SOL at $50, published at 1,000: 1,100 − 500 / 1.05 is marked
        let (mut p, mut pos) = sol_position();
        let c = p.mark(&mut pos, &sol_at(50, 1_000), 1_010).unwrap();
        assert_eq!(c.position_after, 623_809_524);
        assert_eq!((pos.mark_ts, pos.mark_price_ts), (1_010, 1_000));
        // the update from before the crash (published at 990, still within the max age):
        // refused by `mark_shortfall`, and kept by every other re-mark
        let (p0, pos0) = (p, pos);
        assert_eq!(
            p.mark(&mut pos, &sol_at(150, 990), 1_020).unwrap_err(),
            LendingError::MarkPricesOlder.into()
        );
        assert_eq!(p.mark_at(&mut pos, &sol_at(150, 990), 1_020).unwrap(), None);
        assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
        assert_eq!(bytemuck::bytes_of(&pos), bytemuck::bytes_of(&pos0));
        // an older price may raise it (the loss it shows is no smaller)
        let c = p.mark(&mut pos, &sol_at(40, 995), 1_020).unwrap();
        assert_eq!(c.position_after, 1_100_000_000 - 380_952_380);
        assert_eq!(
            pos.mark_price_ts, 1_000,
            "the freshness a lowering needs stays"
        );
        // prices as fresh as the mark's may lower or release it
        let c = p.mark(&mut pos, &sol_at(150, 1_000), 1_030).unwrap();
        assert_eq!(
            (c.position_after, pos.mark_price_ts, pos.mark_ts),
            (0, 0, 0)
        );
        assert_eq!(p.marked_shortfall, 0);
    }
}
