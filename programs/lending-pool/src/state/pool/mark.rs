//! Marked shortfalls (`docs/SPEC.md`, "Known losses are priced before they are settled"):
//! what a full liquidation of a position would leave to settle, recorded on the position
//! and summed on the pool, so LP and insurance exits are priced net of losses everyone can
//! already see. A mark blocks nothing; it prices the exit.
use super::Pool;
use crate::{
    errors::LendingError,
    math::{add_u64, sub_u64, Prices},
    state::Position,
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
    /// What a full liquidation repays at the mark's prices (0 unmarked): the mark grows
    /// with the borrow index above it.
    pub repayable: u64,
}

impl Pool {
    /// Marks `pos` at `prices`, fresh or not (marked before or not): the loss a full
    /// liquidation would leave there (its whole debt when it holds no collateral), unless
    /// that would lower the mark with prices older than the mark's: an older price never
    /// undoes a newer mark, so the mark then stays (at most the debt). Returns the change,
    /// or `None` when nothing changed.
    pub fn mark_at(
        &mut self,
        pos: &mut Position,
        prices: &Prices,
        now: i64,
    ) -> Result<Option<MarkChange>> {
        let debt = pos.debt(self.borrow_index.get())?;
        let repayable = self.full_liquidation_repays(pos, debt, prices)?;
        let prices_ts = self.prices_age(pos, prices)?;
        self.mark_with(pos, debt, repayable, prices_ts, now)
    }

    /// `preview_mark`'s operation (on copies): `pos` valued once and re-marked as
    /// `mark_shortfall` would leave it (a mark older prices cannot lower stays). Returns its
    /// debt, its shortfall now and its mark before.
    pub fn preview_remark(
        &mut self,
        pos: &mut Position,
        prices: &Prices,
        now: i64,
    ) -> Result<(u64, u64, u64)> {
        let debt = pos.debt(self.borrow_index.get())?;
        let repayable = self.full_liquidation_repays(pos, debt, prices)?;
        let mark = self.position_mark(pos)?;
        let prices_ts = self.prices_age(pos, prices)?;
        self.mark_with(pos, debt, repayable, prices_ts, now)?;
        Ok((debt, debt - repayable, mark))
    }

    /// `mark_at` for a position owing `debt`, with what a full liquidation repays
    /// (`liquidation_repays`) and the prices' age already computed.
    pub fn mark_with(
        &mut self,
        pos: &mut Position,
        debt: u64,
        repayable: u64,
        prices_ts: i64,
        now: i64,
    ) -> Result<Option<MarkChange>> {
        let current = self.position_mark(pos)?;
        self.mark_owing(pos, debt, current, repayable, prices_ts, now)
    }

    /// `mark_with` for a position owing `debt` and marked at `current` (both computed once
    /// by the caller).
    fn mark_owing(
        &mut self,
        pos: &mut Position,
        debt: u64,
        current: u64,
        repayable: u64,
        prices_ts: i64,
        now: i64,
    ) -> Result<Option<MarkChange>> {
        let shortfall = debt.saturating_sub(repayable);
        let (repayable, ts) = if Self::may_set_mark(pos, shortfall, current, prices_ts) {
            (repayable, prices_ts.max(pos.mark_price_ts))
        } else {
            // kept: the loss stands as marked (at most the debt)
            (debt - current.min(debt), pos.mark_price_ts)
        };
        let unchanged = pos.mark_repayable == repayable
            && pos.mark_scaled_debt == pos.scaled_debt
            && (current == 0 || ts == pos.mark_price_ts);
        if debt.saturating_sub(repayable) == current && unchanged {
            return Ok(None);
        }
        let change = self.put_mark(pos, debt, current, repayable, now)?;
        if change.position_after > 0 {
            pos.mark_price_ts = ts;
        }
        Ok(Some(change))
    }

    /// Whether prices published no earlier than `prices_ts` may move `pos`'s mark from
    /// `current` to `shortfall`: raising is always allowed; lowering or releasing needs
    /// prices no older than the mark's.
    pub fn may_set_mark(pos: &Position, shortfall: u64, current: u64, prices_ts: i64) -> bool {
        shortfall >= current || prices_ts >= pos.mark_price_ts
    }

    /// `mark_shortfall`: `mark_at`, refused (`MarkPricesOlder`) where it would keep a mark
    /// the caller's prices show lower, and (`NothingToMark`) where there is neither a
    /// shortfall nor a mark.
    pub fn mark(&mut self, pos: &mut Position, prices: &Prices, now: i64) -> Result<MarkChange> {
        let debt = pos.debt(self.borrow_index.get())?;
        let repayable = self.full_liquidation_repays(pos, debt, prices)?;
        let shortfall = debt - repayable;
        require!(
            shortfall > 0 || pos.marked_shortfall > 0,
            LendingError::NothingToMark
        );
        let prices_ts = self.prices_age(pos, prices)?;
        let current = self.position_mark(pos)?;
        require!(
            Self::may_set_mark(pos, shortfall, current, prices_ts),
            LendingError::MarkPricesOlder
        );
        let unchanged = MarkChange {
            position_before: current,
            position_after: current,
            pool_before: self.marked_shortfall,
            pool_after: self.marked_shortfall,
            repayable: pos.mark_repayable,
        };
        let change = self
            .mark_owing(pos, debt, current, repayable, prices_ts, now)?
            .unwrap_or(unchanged);
        self.note_prices(prices);
        Ok(change)
    }

    /// Releases the mark of `pos`, owing `debt` (a settlement: the loss is now on the
    /// books), and returns what it was at the index; nothing to do, and 0, unmarked.
    pub fn release_mark(&mut self, pos: &mut Position, debt: u64, now: i64) -> Result<u64> {
        if pos.marked_shortfall == 0 {
            return Ok(0);
        }
        // marked against the debt it owes (as every mark change leaves it): no second product
        let current = if pos.mark_scaled_debt == pos.scaled_debt {
            debt.saturating_sub(pos.mark_repayable)
        } else {
            self.position_mark(pos)?
        };
        // owing 0 above what it repays: unmarked
        Ok(self.put_mark(pos, 0, current, 0, now)?.position_before)
    }

    /// Sets `pos`'s mark to `shortfall` of its debt now (no freshness rule and no prices:
    /// the mark's price time stays).
    pub fn set_mark(&mut self, pos: &mut Position, shortfall: u64, now: i64) -> Result<MarkChange> {
        let debt = pos.debt(self.borrow_index.get())?;
        require!(shortfall <= debt, LendingError::MathOverflow);
        let current = self.position_mark(pos)?;
        self.put_mark(pos, debt, current, debt - shortfall, now)
    }

    /// The one place a mark changes: `pos` (owing `debt`, marked at `position_before`)
    /// leaves the pool's marked sums, is marked at `debt − repayable` for its scaled debt now
    /// (unmarked when that is 0) and rejoins them; `marked_shortfall` is recomputed from the
    /// sums.
    fn put_mark(
        &mut self,
        pos: &mut Position,
        debt: u64,
        position_before: u64,
        repayable: u64,
        now: i64,
    ) -> Result<MarkChange> {
        let pool_before = self.marked_shortfall;
        if pos.marked_shortfall > 0 {
            self.marked_scaled_debt.set(
                self.marked_scaled_debt
                    .get()
                    .checked_sub(pos.mark_scaled_debt.get())
                    .ok_or(LendingError::MathOverflow)?,
            );
            self.marked_repayable = sub_u64(self.marked_repayable, pos.mark_repayable)?;
        }
        let mark = debt.saturating_sub(repayable);
        if mark > 0 {
            pos.mark_scaled_debt = pos.scaled_debt;
            pos.mark_repayable = repayable;
            pos.mark_ts = now;
            self.marked_scaled_debt.set(
                self.marked_scaled_debt
                    .get()
                    .checked_add(pos.scaled_debt.get())
                    .ok_or(LendingError::MathOverflow)?,
            );
            self.marked_repayable = add_u64(self.marked_repayable, repayable)?;
        } else {
            pos.mark_scaled_debt.set(0);
            pos.mark_repayable = 0;
            pos.mark_ts = 0;
            pos.mark_price_ts = 0;
        }
        pos.marked_shortfall = mark;
        self.marked_shortfall = self.marked_total()?;
        Ok(MarkChange {
            position_before,
            position_after: mark,
            pool_before,
            pool_after: self.marked_shortfall,
            repayable: pos.mark_repayable,
        })
    }

    /// After an instruction read `prices` (borrow, collateral changes): records their times
    /// (`note_prices`) and re-marks a marked position at them, by `mark_at`'s freshness
    /// rule. Unmarked positions stay unmarked.
    pub fn remark_if_marked(
        &mut self,
        pos: &mut Position,
        prices: &Prices,
        now: i64,
    ) -> Result<Option<MarkChange>> {
        self.note_prices(prices);
        if pos.marked_shortfall == 0 {
            return Ok(None);
        }
        self.mark_at(pos, prices, now)
    }

    /// After a repayment (no prices read): what the collateral repays stays as marked, so
    /// the mark falls by exactly what was repaid, down to zero (released).
    pub fn reduce_mark(&mut self, pos: &mut Position, now: i64) -> Result<Option<MarkChange>> {
        if pos.marked_shortfall == 0 {
            return Ok(None);
        }
        let ts = pos.mark_ts;
        let debt = pos.debt(self.borrow_index.get())?;
        let current = self.position_mark(pos)?;
        let change = self.put_mark(pos, debt, current, pos.mark_repayable, now)?;
        if change.position_after > 0 {
            pos.mark_ts = ts; // the prices behind it are as old as before
        }
        Ok(Some(change))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{bankrupt, pool, sol_at, sol_position};
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
        // a repayment lowers the mark by what it repaid (what the collateral repays stays),
        // keeping the mark's time
        p.book_repayment(&mut b, 150, 0).unwrap();
        p.reduce_mark(&mut b, 9).unwrap();
        assert_eq!(
            (b.marked_shortfall, b.mark_ts, p.marked_shortfall),
            (50, 6, 150)
        );
        p.book_repayment(&mut b, 150, 0).unwrap();
        p.reduce_mark(&mut b, 9).unwrap();
        assert_eq!(
            (b.marked_shortfall, b.mark_ts, p.marked_shortfall),
            (0, 0, 100)
        );
        assert_eq!(p.reduce_mark(&mut b, 9).unwrap(), None);
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
