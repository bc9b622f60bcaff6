//! The circuit breaker: when the losses socialized within a rolling window exceed a share of
//! the LPs' assets, new borrows and collateral withdrawals of positions with debt pause
//! (`pause::BREAKER`) until the guardian or admin resumes them.
//!
//! The window is `BREAKER_BUCKETS` buckets of `b = ceil(window / (BREAKER_BUCKETS - 1))`
//! seconds, the newest being the current one. Counting every bucket counts every loss of the
//! last `window` seconds and none older than `window + b`: rolling to within a sixteenth.
use super::Pool;
use crate::{
    constants::{pause, BPS, BREAKER_BUCKETS},
    math::{add_u64, mul_div_down},
};
use anchor_lang::prelude::*;

impl Pool {
    /// The bucket length for the configured window (`>= 4` s: the window is at least 60 s).
    pub fn breaker_bucket_secs(&self) -> u64 {
        (self.config.breaker_window_secs as u64)
            .div_ceil(BREAKER_BUCKETS as u64 - 1)
            .max(1)
    }

    /// Socialized losses within the rolling window ending at `now`, without recording.
    pub fn breaker_window_losses(&self, now: i64) -> Result<u64> {
        let mut pool = *self;
        pool.roll_breaker_window(now);
        pool.breaker_buckets
            .iter()
            .try_fold(0u64, |sum, &b| add_u64(sum, b))
    }

    /// Records a settlement's socialized loss at `now`; sets `pause::BREAKER` and returns
    /// `true` when this settlement socialized something and the window's losses exceed
    /// `breaker_threshold_bps` of `lp_assets` (the LPs' assets before this loss).
    pub(crate) fn record_loss_for_breaker(
        &mut self,
        socialized: u64,
        lp_assets: u64,
        now: i64,
    ) -> Result<bool> {
        self.roll_breaker_window(now);
        let i = self.breaker_epoch.rem_euclid(BREAKER_BUCKETS as i64) as usize;
        self.breaker_buckets[i] = add_u64(self.breaker_buckets[i], socialized)?;
        let losses = self.breaker_window_losses(now)?;
        let limit = mul_div_down(
            lp_assets as u128,
            self.config.breaker_threshold_bps as u128,
            BPS as u128,
        )?;
        let trip = socialized > 0 && losses as u128 > limit;
        if trip {
            self.pause_flags |= pause::BREAKER;
        }
        Ok(trip)
    }

    /// Moves the newest bucket to `now`'s, zeroing the buckets that fall out of the window.
    /// If the window length changed since the last loss (`update_config`), every loss still
    /// recorded is kept in the current bucket: a shorter window forgets nothing early.
    fn roll_breaker_window(&mut self, now: i64) {
        let b = self.breaker_bucket_secs();
        let epoch = now.max(0) / b as i64;
        if self.breaker_bucket_secs != b || epoch < self.breaker_epoch {
            let all = self
                .breaker_buckets
                .iter()
                .fold(0u64, |s, &x| s.saturating_add(x));
            self.breaker_buckets = [0; BREAKER_BUCKETS];
            self.breaker_buckets[epoch.rem_euclid(BREAKER_BUCKETS as i64) as usize] = all;
        } else {
            let stale = (epoch - self.breaker_epoch).min(BREAKER_BUCKETS as i64);
            for e in (epoch - stale + 1)..=epoch {
                self.breaker_buckets[e.rem_euclid(BREAKER_BUCKETS as i64) as usize] = 0;
            }
        }
        self.breaker_bucket_secs = b;
        self.breaker_epoch = epoch;
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::pool;
    use super::*;

    /// A pool with a one-day window and a 10% threshold of 1,000,000 LP assets.
    fn day_pool() -> Pool {
        let mut p = pool();
        p.config.breaker_window_secs = 86_400;
        p.config.breaker_threshold_bps = 1_000;
        p
    }

    const LP: u64 = 1_000_000;
    const WINDOW: i64 = 86_400;

    #[test]
    fn losses_straddling_a_boundary_count_together() {
        // 60% of the limit just before each bucket boundary, 60% just after: the second trips
        let b = day_pool().breaker_bucket_secs() as i64;
        assert_eq!(b, 5_400);
        for k in 1..40i64 {
            let boundary = 1_000_000 + k * b;
            for (before, after) in [(1, 0), (1, 1), (b / 2, b / 2), (b - 1, 1)] {
                let mut p = day_pool();
                assert!(!p
                    .record_loss_for_breaker(60_000, LP, boundary - before)
                    .unwrap());
                assert!(
                    p.record_loss_for_breaker(60_000, LP, boundary + after)
                        .unwrap(),
                    "boundary {k}, -{before}/+{after}"
                );
                assert_eq!(p.pause_flags, pause::BREAKER);
            }
        }
    }

    #[test]
    fn every_loss_within_the_window_counts_and_none_older_than_a_sixteenth_more() {
        let b = day_pool().breaker_bucket_secs() as i64;
        for start in [0i64, 1, 77, b - 1, b, 1_000_000_007] {
            for gap in [0, 1, WINDOW / 2, WINDOW - 1, WINDOW] {
                let mut p = day_pool();
                p.record_loss_for_breaker(60_000, LP, start).unwrap();
                assert!(
                    p.record_loss_for_breaker(60_000, LP, start + gap).unwrap(),
                    "start {start}, gap {gap}: within the window, must count"
                );
            }
            // older than the window plus one bucket: forgotten
            let mut p = day_pool();
            p.record_loss_for_breaker(60_000, LP, start).unwrap();
            assert!(!p
                .record_loss_for_breaker(60_000, LP, start + WINDOW + b)
                .unwrap());
            assert_eq!(p.breaker_window_losses(start + WINDOW + b).unwrap(), 60_000);
        }
    }

    #[test]
    fn a_fixed_window_restart_no_longer_resets_the_sum() {
        // the old fixed window restarted at the first loss after it expired: 99% of the limit
        // at the end of one window and 99% at the start of the next passed. Rolling: trips.
        let mut p = day_pool();
        assert!(!p.record_loss_for_breaker(99_000, LP, 0).unwrap());
        assert!(!p.record_loss_for_breaker(0, LP, WINDOW - 10).unwrap());
        assert!(!p.record_loss_for_breaker(1_000, LP, WINDOW - 1).unwrap());
        assert!(p.record_loss_for_breaker(1_000, LP, WINDOW).unwrap());
        // a loss of zero never trips, and small losses spread over time never add up
        let mut q = day_pool();
        for t in 0..200 {
            assert!(!q
                .record_loss_for_breaker(9_000, LP, t * WINDOW / 10)
                .unwrap());
        }
    }

    #[test]
    fn a_changed_window_keeps_every_recorded_loss() {
        let mut p = day_pool();
        p.record_loss_for_breaker(60_000, LP, 1_000_000).unwrap();
        p.config.breaker_window_secs = 3_600;
        assert_eq!(p.breaker_window_losses(1_000_001).unwrap(), 60_000);
        assert!(p.record_loss_for_breaker(60_000, LP, 1_000_002).unwrap());
        // and the new, shorter window then forgets it after an hour and a bucket
        assert_eq!(p.breaker_window_losses(1_000_002 + 3_600 + 225).unwrap(), 0);
    }
}
