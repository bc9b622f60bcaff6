//! The circuit breaker: when the losses socialized within its window exceed a share of the
//! LPs' assets, new borrows and collateral withdrawals pause until the guardian resumes them.
use super::Pool;
use crate::{
    constants::{pause, BPS},
    math::{add_u64, mul_div_down},
};
use anchor_lang::prelude::*;

impl Pool {
    /// Records a settlement's socialized loss in the window starting at
    /// `breaker_window_start`; pauses `BORROW` and `WITHDRAW_COLLATERAL` and returns `true`
    /// when the window's losses exceed `breaker_threshold_bps` of `lp_assets`.
    pub(crate) fn record_loss_for_breaker(
        &mut self,
        socialized: u64,
        lp_assets: u64,
        now: i64,
    ) -> Result<bool> {
        if now.saturating_sub(self.breaker_window_start) >= self.config.breaker_window_secs as i64 {
            self.breaker_window_start = now;
            self.breaker_window_socialized = 0;
        }
        self.breaker_window_socialized = add_u64(self.breaker_window_socialized, socialized)?;
        let limit = mul_div_down(
            lp_assets as u128,
            self.config.breaker_threshold_bps as u128,
            BPS as u128,
        )?;
        let trip = socialized > 0 && self.breaker_window_socialized as u128 > limit;
        if trip {
            self.pause_flags |= pause::BORROW | pause::WITHDRAW_COLLATERAL;
        }
        Ok(trip)
    }
}
