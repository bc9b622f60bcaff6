//! Interest: the borrow index grows per second on the rate curve; the reserve factor's share
//! of each accrual is the insurance fund's claim (`insurance_pending`) until it is swept.
//! The share is kept at WAD precision: the part below one base unit waits in
//! `insurance_remainder_wad` for the next accrual, so however often anyone accrues (every
//! second, if they like), the fund receives what one accrual over the period would pay.
use super::Pool;
use crate::{
    constants::{BPS, MAX_BOOKS, WAD},
    errors::LendingError,
    math::*,
};
use anchor_lang::prelude::*;

/// One accrual of interest, for the `InterestAccrued` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accrual {
    pub dt: u64,
    pub utilization_wad: u128,
    pub rate_wad: u128,
    pub index_before: u128,
    pub index_after: u128,
    pub debt_before: u64,
    pub debt_after: u64,
    pub to_insurance: u64,
    /// The share still below one unit after this accrual (WAD-scaled, `< WAD`).
    pub insurance_remainder_wad: u128,
    /// The marked losses before and after: marks follow the borrow index.
    pub marked_shortfall_before: u64,
    pub marked_shortfall_after: u64,
}

impl Pool {
    /// Accrues interest up to `now` on the books only (the handlers' `accrue_and_emit` also
    /// emits the event): the index grows at the curve's rate (rounded up), the reserve
    /// factor's share of the new interest goes to `insurance_pending` in whole units, its
    /// fraction carried at WAD precision (the rest raises `lp_assets`); the marked losses
    /// grow with the index (`marked_total`). Returns `None` when no interest accrued.
    pub fn accrue_interest(&mut self, now: i64) -> Result<Option<Accrual>> {
        let dt = now.saturating_sub(self.last_accrual_ts);
        if dt <= 0 {
            return Ok(None);
        }
        self.last_accrual_ts = now;
        if self.total_scaled_debt.get() == 0 {
            return Ok(None);
        }
        let debt_before = self.total_debt()?;
        let utilization_wad = utilization_wad_down(self.cash, debt_before)?;
        let rate_wad = borrow_rate_wad_up(&self.config, utilization_wad)?;
        let index_before = self.borrow_index.get();
        self.borrow_index
            .set(accrue_index_up(index_before, rate_wad, dt as u64).unwrap_or(u128::MAX));
        // the books must stay representable (`cash + total_debt ≤ MAX_BOOKS`): after extreme
        // rates or centuries without accrual the index stops at the cap instead of failing,
        // which would fail every instruction that accrues (all of them). The cap is only
        // computed when it binds.
        let debt_after = match self.total_debt() {
            Ok(debt) if debt <= MAX_BOOKS.saturating_sub(self.cash) => debt,
            _ => {
                let cap = self.max_borrow_index()?.max(index_before);
                self.borrow_index.set(cap);
                self.total_debt()?
            }
        };
        let index_after = self.borrow_index.get();
        let interest = sub_u64(debt_after, debt_before)?;
        // interest × reserve_factor / BPS at WAD scale: BPS divides WAD, and u64 × 5·10^17
        // fits a u128, so the share is exact before the carried fraction is added
        let share_wad = mul_64(
            interest,
            self.config.reserve_factor_bps as u64 * (WAD / BPS as u128) as u64,
        )
        .checked_add(self.insurance_remainder_wad.get())
        .ok_or(LendingError::MathOverflow)?;
        let (whole, remainder) = div_rem_wad(share_wad);
        let to_insurance = to_u64(whole)?;
        self.insurance_pending = add_u64(self.insurance_pending, to_insurance)?;
        self.insurance_remainder_wad.set(remainder);
        // interest on marked debt is marked too: it is income only if the marks are wrong
        let marked_shortfall_before = self.marked_shortfall;
        if self.marked_scaled_debt.get() > 0 {
            self.marked_shortfall = self.marked_total()?;
        }
        Ok(Some(Accrual {
            dt: dt as u64,
            utilization_wad,
            rate_wad,
            index_before,
            index_after,
            debt_before,
            debt_after,
            to_insurance,
            insurance_remainder_wad: remainder,
            marked_shortfall_before,
            marked_shortfall_after: self.marked_shortfall,
        }))
    }

    /// The highest borrow index at which the books stay within `MAX_BOOKS`: `total_debt`
    /// (rounded up) may grow to `MAX_BOOKS − cash` and no further.
    fn max_borrow_index(&self) -> Result<u128> {
        let room = MAX_BOOKS.saturating_sub(self.cash) as u128;
        mul_div_down(room, WAD, self.total_scaled_debt.get())
    }

    /// Moves as much of `insurance_pending` out of `cash` as cash allows; returns the amount
    /// (the handler moves it to the insurance vault and records it in the fund's ledger).
    pub fn sweep_insurance(&mut self) -> Result<u64> {
        // the lent-out cash is not in the vault to sweep
        require!(
            self.flash_outstanding == 0,
            LendingError::FlashLoanOutstanding
        );
        let amount = self.insurance_pending.min(self.cash);
        self.insurance_pending -= amount;
        self.cash -= amount;
        Ok(amount)
    }
}

#[cfg(test)]
mod tests {
    use super::{super::test_support::pool, *};
    use crate::{constants::*, state::PoolConfig};

    /// A pool with `debt` borrowed out of `cash + debt` (scaled debt at an index of 1.0).
    fn lent(cash: u64, debt: u64) -> Pool {
        let mut p = pool();
        p.cash = cash;
        p.total_scaled_debt.set(debt as u128);
        p
    }

    /// The fund's share of `interest`, at WAD scale (exact).
    fn owed_wad(p: &Pool, interest: u64) -> u128 {
        interest as u128 * p.config.reserve_factor_bps as u128 * (WAD / BPS as u128)
    }

    #[test]
    fn per_second_accrual_pays_the_fund_what_one_accrual_does() {
        // small and large books (6-decimal units), over an hour and a day, accrued once or
        // every second (anyone may accrue that often)
        for (cash, debt, secs) in [
            (1_000_000_000, 3_000_000_000, 3_600),
            (1_000_000_000, 3_000_000_000, 86_400),
            (10u64.pow(13), 10u64.pow(13), 86_400),
        ] {
            let (mut once, mut each) = (lent(cash, debt), lent(cash, debt));
            once.accrue_interest(secs).unwrap();
            for t in 1..=secs {
                each.accrue_interest(t).unwrap();
            }
            let interest_once = once.total_debt().unwrap() - debt;
            let interest_each = each.total_debt().unwrap() - debt;
            assert!(interest_once > 0 && interest_each >= interest_once);
            // however often it accrues, the fund has exactly its share of the interest: whole
            // units pending, the fraction (< 1 unit) carried
            for (p, interest) in [(&once, interest_once), (&each, interest_each)] {
                assert!(p.insurance_remainder_wad.get() < WAD);
                assert_eq!(
                    p.insurance_pending as u128 * WAD + p.insurance_remainder_wad.get(),
                    owed_wad(p, interest)
                );
            }
            // so the two payments differ by at most one unit beyond the share of the extra
            // interest that per-second compounding earns
            let extra = owed_wad(&each, interest_each - interest_once).div_ceil(WAD) as u64;
            assert!(
                each.insurance_pending.abs_diff(once.insurance_pending) <= 1 + extra,
                "once {} vs every second {} ({secs} s, extra share {extra})",
                once.insurance_pending,
                each.insurance_pending
            );
            if secs == 3_600 && debt < 10u64.pow(10) {
                assert_eq!(extra, 0, "an hour on a small book compounds to nothing");
            }
        }
    }

    /// The steepest curve the bounds allow: 1,200% a year at full utilization.
    fn steepest() -> PoolConfig {
        PoolConfig {
            base_rate_bps: MAX_BASE_RATE_BPS,
            slope1_bps: MAX_SLOPE1_BPS,
            slope2_bps: MAX_SLOPE2_BPS,
            optimal_utilization_bps: MIN_OPTIMAL_UTILIZATION_BPS,
            ..PoolConfig::example()
        }
    }

    #[test]
    fn centuries_at_the_steepest_rate_cap_the_books_instead_of_failing() {
        const YEAR: i64 = SECONDS_PER_YEAR as i64;
        for (cash, debt) in [(0, 10u64.pow(12)), (5 * 10u64.pow(12), 10u64.pow(15))] {
            let mut p = lent(cash, debt);
            p.config = steepest();
            p.config.validate().unwrap();
            // two long idle spells compound past the u64 range (index 1 + 12 × 10,000, squared)
            for now in [
                10_000 * YEAR,
                20_000 * YEAR,
                20_000 * YEAR + 1,
                30_000 * YEAR,
            ] {
                p.accrue_interest(now).unwrap();
                let total = p.total_debt().unwrap();
                assert!(total as u128 + p.cash as u128 <= MAX_BOOKS as u128);
                p.lp_assets().unwrap();
                p.share_price_wad(1_000_000).unwrap();
                assert_eq!(p.last_accrual_ts, now);
            }
            // at the cap the books stop growing but every operation still works
            let capped = p.borrow_index.get();
            p.accrue_interest(40_000 * YEAR).unwrap();
            assert_eq!(p.borrow_index.get(), capped);
            assert!(MAX_BOOKS - p.total_debt().unwrap() - p.cash <= 1);
        }
    }
}
