//! What a marked loss is worth (`docs/SPEC.md`, "Marked shortfalls and exit pricing"): what
//! LPs and insurance would lose to a full liquidation of a position now, a mark's value as
//! the borrow index moves, the marks' invariants, and the exit prices net of them. How
//! marks change is `mark.rs`.
use super::Pool;
use crate::{
    constants::BPS,
    math::{
        add_u64, amount_for_value_down_capped, mul_div_down, mul_wad_up, to_u64, PositionValues,
        PriceMode, Prices,
    },
    state::{FundValue, Position},
};
use anchor_lang::prelude::*;

impl Pool {
    /// What a full liquidation of `pos` would leave to settle now, at spot `prices`
    /// (`docs/SPEC.md`, "Marks follow the loss"): `debt − liquidation_repays`.
    pub fn shortfall_at(&self, pos: &Position, prices: &Prices) -> Result<u64> {
        let debt = pos.debt(self.borrow_index.get())?;
        if debt == 0 {
            return Ok(0);
        }
        Ok(debt - self.full_liquidation_repays(pos, debt, prices)?)
    }

    /// `liquidation_repays` for `pos`, owing `debt`, valued at spot `prices` (the one
    /// valuation every mark and preview makes).
    pub fn full_liquidation_repays(
        &self,
        pos: &Position,
        debt: u64,
        prices: &Prices,
    ) -> Result<u64> {
        let values = self.position_values_owing(pos, debt, prices, PriceMode::Spot)?;
        self.liquidation_repays(debt, &values, prices)
    }

    /// What a full liquidation of a position owing `debt` and valued `values` at spot would
    /// bring LPs and the insurance fund (base units, at most `debt`): all of it when its
    /// collateral covers it (the liquidation's solvency rule clears it with no write-off);
    /// otherwise what each slot repays at its full bonus plus the fee that repayment pays
    /// the fund, `repayable × (1 + fee)`, rounded down (a mark never understates a loss).
    pub fn liquidation_repays(
        &self,
        debt: u64,
        values: &PositionValues,
        prices: &Prices,
    ) -> Result<u64> {
        if values.collateral_value >= values.debt_value {
            return Ok(debt);
        }
        let recovered = mul_div_down(
            values.repayable_value,
            BPS as u128 + self.config.liquidation_fee_bps as u128,
            BPS as u128,
        )?;
        let base = prices.base()?;
        amount_for_value_down_capped(
            recovered,
            self.base_decimals,
            base.spot_price(),
            base.expo,
            debt,
        )
    }

    /// `pos`'s mark now: what its collateral repays is fixed at marking, its debt grows with
    /// the borrow index, so the mark is `mark_scaled_debt × index − mark_repayable` (0
    /// unmarked).
    pub fn position_mark(&self, pos: &Position) -> Result<u64> {
        if pos.marked_shortfall == 0 {
            return Ok(0);
        }
        let debt = to_u64(mul_wad_up(
            pos.mark_scaled_debt.get(),
            self.borrow_index.get(),
        )?)?;
        Ok(debt.saturating_sub(pos.mark_repayable))
    }

    /// The pool's marked total at its borrow index: `marked_scaled_debt × index −
    /// marked_repayable` (what `marked_shortfall` holds after every accrual and mark).
    pub fn marked_total(&self) -> Result<u64> {
        if self.marked_scaled_debt.get() == 0 {
            return Ok(0); // nothing marked (and nothing repayable)
        }
        let debt = to_u64(mul_wad_up(
            self.marked_scaled_debt.get(),
            self.borrow_index.get(),
        )?)?;
        Ok(debt.saturating_sub(self.marked_repayable))
    }

    /// The oldest `publish_time` among the prices valuing `pos`: the base asset's and each
    /// priced slot's (`OracleAccountsMismatch` if one is missing).
    pub fn prices_age(&self, pos: &Position, prices: &Prices) -> Result<i64> {
        let mut oldest = prices.base()?.publish_time;
        for slot in self.valued_slots(pos) {
            oldest = oldest.min(prices.collateral(slot)?.publish_time);
        }
        Ok(oldest)
    }

    /// The marks' invariants over every position of the pool (for the model test, the random
    /// walk and off-chain audits): the pool's sums are exactly its marked positions',
    /// `marked_shortfall` is their value at the index, each mark is within its debt and
    /// follows the scaled debt the position owes, an unmarked position carries nothing, and the positions' marks exceed the pool's only by
    /// their own rounding (at most one unit each). Returns what failed.
    pub fn check_marks<'a>(
        &self,
        positions: impl IntoIterator<Item = &'a Position>,
    ) -> core::result::Result<(), String> {
        let (mut scaled, mut repayable, mut marks, mut n) = (0u128, 0u128, 0u128, 0u128);
        let index = self.borrow_index.get();
        for (i, p) in positions.into_iter().enumerate() {
            let mark = self.position_mark(p).map_err(|e| e.to_string())?;
            let debt = p.debt(index).map_err(|e| e.to_string())?;
            if p.marked_shortfall == 0 {
                if p.mark_repayable != 0 || p.mark_scaled_debt.get() != 0 || p.mark_ts != 0 {
                    return Err(format!("position {i}: unmarked but carries a mark"));
                }
                continue;
            }
            if mark > debt {
                return Err(format!("position {i}: mark {mark} > debt {debt}"));
            }
            if p.mark_scaled_debt != p.scaled_debt {
                return Err(format!(
                    "position {i}: marked against scaled debt {}, owes {}",
                    p.mark_scaled_debt.get(),
                    p.scaled_debt.get()
                ));
            }
            scaled += p.mark_scaled_debt.get();
            repayable += p.mark_repayable as u128;
            marks += mark as u128;
            n += 1;
        }
        if scaled != self.marked_scaled_debt.get() || repayable != self.marked_repayable as u128 {
            return Err(format!(
                "Σ marked ({scaled}, {repayable}) ≠ the pool's ({}, {})",
                self.marked_scaled_debt.get(),
                self.marked_repayable
            ));
        }
        let total = self.marked_total().map_err(|e| e.to_string())?;
        if self.marked_shortfall != total {
            return Err(format!(
                "marked_shortfall {} ≠ {total}",
                self.marked_shortfall
            ));
        }
        if marks < total as u128 || marks > total as u128 + n {
            return Err(format!(
                "Σ marks {marks} vs the pool's {total} ({n} marked)"
            ));
        }
        Ok(())
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
    use super::super::test_support::{bankrupt, pool, sol_at, sol_position};
    use super::*;
    use crate::{errors::LendingError, state::pool::LiquidationRequest};
    use bytemuck::Zeroable;

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

    #[test]
    fn a_position_its_collateral_covers_is_never_marked() {
        // SOL at $112: 1,120 of collateral against 1,100 of debt is liquidatable (threshold
        // 80%) and short of its 5% bonus, but a full liquidation clears it with no write-off.
        // Before: marked at 1,100 − 1,120 / 1.05 = 33.333334
        let (mut p, mut pos) = sol_position();
        let prices = sol_at(112, 1_000);
        assert!(p
            .position_health(&pos, &prices, PriceMode::Spot)
            .unwrap()
            .is_underwater());
        assert_eq!(p.shortfall_at(&pos, &prices).unwrap(), 0);
        assert_eq!(
            p.mark(&mut pos, &prices, 1_010).unwrap_err(),
            LendingError::NothingToMark.into()
        );
        // and a mark placed at a lower price is released by it
        p.mark(&mut pos, &sol_at(50, 1_000), 1_010).unwrap();
        let c = p.mark(&mut pos, &prices, 1_020).unwrap();
        assert_eq!((c.position_after, c.pool_after), (0, 0));
    }

    #[test]
    fn a_mark_counts_the_fee_the_liquidation_pays_the_fund() {
        // a 1% liquidation fee: 500 / 1.05 = 476.190476 repaid brings 4.761904 to the fund
        let (mut p, mut pos) = sol_position();
        p.config.liquidation_fee_bps = 100;
        let c = p.mark(&mut pos, &sol_at(50, 1_000), 1_010).unwrap();
        assert_eq!(c.position_after, 1_100_000_000 - 480_952_380);
        assert_eq!(c.repayable, 480_952_380);
        // what liquidating the whole slot costs LPs and the fund together: no more than the
        // mark, and short of it only by the liquidation's rounding in the pool's favour
        let mut fund = crate::state::InsuranceFund::zeroed();
        let req = LiquidationRequest {
            slot: 0,
            repay_amount: u64::MAX,
            min_collateral_out: 0,
        };
        let (mut q, mut qpos) = sol_position();
        q.config.liquidation_fee_bps = 100;
        let out = q
            .liquidate(&mut qpos, &mut fund, req, &sol_at(50, 1_000), 1, 1_010)
            .unwrap();
        let loss = 1_100_000_000 - out.repaid - out.fee;
        assert!(loss <= c.position_after && c.position_after - loss <= 2);
    }

    #[test]
    fn marks_follow_the_borrow_index() {
        // two bankrupt positions marked in full, one marked at 623.809524 of 1,100; a year
        // at the curve's rate raises each mark by its debt's interest and the pool's sum by
        // the interest on all marked debt: interest on a loss is no income
        let mut p = pool();
        p.cash = 1_000;
        p.base_decimals = 6;
        let mut a = bankrupt(&mut p, 1_000_000);
        let mut b = bankrupt(&mut p, 3_000_001);
        p.set_mark(&mut a, 1_000_000, 0).unwrap();
        p.set_mark(&mut b, 2_000_000, 0).unwrap();
        let exit_before = p.exit_lp_assets(0).unwrap();
        let acc = p.accrue_interest(365 * 24 * 3_600).unwrap().unwrap();
        let (da, db) = (
            a.debt(p.borrow_index.get()).unwrap(),
            b.debt(p.borrow_index.get()).unwrap(),
        );
        assert!(
            da > 1_100_000,
            "the curve at full utilisation charges > 10%"
        );
        assert_eq!(p.position_mark(&a).unwrap(), da);
        assert_eq!(p.position_mark(&b).unwrap(), db - 1_000_001);
        assert_eq!(
            (acc.marked_shortfall_before, acc.marked_shortfall_after),
            (3_000_000, p.marked_total().unwrap())
        );
        // the pool's sum is the aggregate's rounding of the same marks
        let sum = p.position_mark(&a).unwrap() + p.position_mark(&b).unwrap();
        assert!(p.marked_shortfall <= sum && sum - p.marked_shortfall <= 1);
        // with no fund, LP exits price none of that interest: the LPs' share of it is
        // marked, the fund's share is pending (rounding aside)
        let exit_after = p.exit_lp_assets(0).unwrap();
        assert!(
            exit_after.abs_diff(exit_before) <= 2,
            "{exit_before} → {exit_after}"
        );
        // a repayment lowers the mark by what it repaid; one past what the collateral
        // repays releases it, and the sums stay exact
        p.book_repayment(&mut b, db - 1_000_001, 0).unwrap();
        let c = p.reduce_mark(&mut b, 5).unwrap().unwrap();
        assert_eq!((c.position_after, b.marked_shortfall), (0, 0));
        assert_eq!(p.marked_total().unwrap(), p.position_mark(&a).unwrap());
        assert_eq!(p.marked_repayable, 0);
        assert_eq!(p.marked_scaled_debt, a.mark_scaled_debt);
    }
}
