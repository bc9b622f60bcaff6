//! Interest: the borrow index grows per second on the rate curve; the reserve factor's share
//! of each accrual is the insurance fund's claim (`insurance_pending`) until it is swept.
use super::Pool;
use crate::{constants::BPS, math::*};
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
}

impl Pool {
    /// Accrues interest up to `now` on the books only (the handlers' `accrue_and_emit` also
    /// emits the event): the index grows at the curve's rate (rounded up), the reserve
    /// factor's share of the new interest goes to `insurance_pending` (rounded down, the
    /// rest raises `lp_assets`). Returns `None` when no interest accrued.
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
        let index_after = accrue_index_up(index_before, rate_wad, dt as u64)?;
        self.borrow_index.set(index_after);
        let debt_after = self.total_debt()?;
        let interest = sub_u64(debt_after, debt_before)?;
        let to_insurance = to_u64(mul_div_down(
            interest as u128,
            self.config.reserve_factor_bps as u128,
            BPS as u128,
        )?)?;
        self.insurance_pending = add_u64(self.insurance_pending, to_insurance)?;
        Ok(Some(Accrual {
            dt: dt as u64,
            utilization_wad,
            rate_wad,
            index_before,
            index_after,
            debt_before,
            debt_after,
            to_insurance,
        }))
    }

    /// Moves as much of `insurance_pending` out of `cash` as cash allows; returns the amount
    /// (the handler moves it to the insurance vault and records it in the fund's ledger).
    pub fn sweep_insurance(&mut self) -> Result<u64> {
        let amount = self.insurance_pending.min(self.cash);
        self.insurance_pending -= amount;
        self.cash -= amount;
        Ok(amount)
    }
}
