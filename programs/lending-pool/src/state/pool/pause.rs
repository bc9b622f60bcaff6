//! The guardian's bounds (`docs/SPEC.md`, "The guardian's bounds"): who set which pause flag,
//! and when the guardian's lapse. Borrowers are never kept from defending a position that
//! can be liquidated: `REPAY` or `DEPOSIT_COLLATERAL` is paused only with `LIQUIDATE`. The
//! guardian's flags share one expiry, `max_pause_secs` after the first of them, which the
//! guardian cannot extend; the admin's flags (and the breaker's) never lapse.
use super::Pool;
use crate::{constants::pause, errors::LendingError};
use anchor_lang::prelude::*;

/// Pauses that keep borrowers from defending a position.
const DEFENCES: u16 = pause::REPAY | pause::DEPOSIT_COLLATERAL;

/// A change of the pause flags (for the events): by `set_pause`, or by a lapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PauseChange {
    pub before: u16,
    pub after: u16,
    /// The guardian's flags after the change and when they lapse (0: none).
    pub guardian_flags: u16,
    pub guardian_expires_ts: i64,
}

/// Whether `flags` leave borrowers their defences (repay, new collateral) wherever
/// liquidation is open.
pub const fn defences_open_while_liquidating(flags: u16) -> bool {
    flags & DEFENCES == 0 || flags & pause::LIQUIDATE != 0
}

impl Pool {
    /// Sets the pause flags to `flags`. The admin's call makes every set flag the admin's
    /// (none lapse); the guardian's makes the flags it newly sets the guardian's, lapsing
    /// at the guardian's running expiry, or `max_pause_secs` from now when none runs. Lapsed
    /// guardian flags are cleared first. Refused (nothing written) when `flags` has unknown
    /// bits or pauses a defence without liquidation.
    pub fn set_pause(&mut self, flags: u16, by_admin: bool, now: i64) -> Result<PauseChange> {
        require!(flags & !pause::ALL == 0, LendingError::InvalidPauseFlags);
        require!(
            defences_open_while_liquidating(flags),
            LendingError::PauseWouldBlockDefence
        );
        self.lapse_guardian_pauses(now);
        let before = self.pause_flags;
        if by_admin {
            self.guardian_pause_flags = 0;
        } else {
            let added = flags & !before & !pause::BREAKER;
            if self.guardian_pause_flags == 0 && added != 0 {
                self.guardian_pause_expires_ts =
                    now.saturating_add(self.config.max_pause_secs as i64);
            }
            self.guardian_pause_flags = (self.guardian_pause_flags & flags) | added;
        }
        if self.guardian_pause_flags == 0 {
            self.guardian_pause_expires_ts = 0;
        }
        self.pause_flags = flags;
        Ok(self.pause_change(before))
    }

    /// Clears the guardian's flags once `now` reaches their expiry (with any defence pause
    /// that would be left without liquidation paused). Returns the change, if any.
    pub fn lapse_guardian_pauses(&mut self, now: i64) -> Option<PauseChange> {
        if self.guardian_pause_flags == 0 || now < self.guardian_pause_expires_ts {
            return None;
        }
        let before = self.pause_flags;
        let mut after = before & !self.guardian_pause_flags;
        if !defences_open_while_liquidating(after) {
            after &= !DEFENCES;
        }
        self.pause_flags = after;
        self.guardian_pause_flags = 0;
        self.guardian_pause_expires_ts = 0;
        Some(self.pause_change(before))
    }

    fn pause_change(&self, before: u16) -> PauseChange {
        PauseChange {
            before,
            after: self.pause_flags,
            guardian_flags: self.guardian_pause_flags,
            guardian_expires_ts: self.guardian_pause_expires_ts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{super::test_support::pool, *};
    use crate::state::Operation;

    const DAY: i64 = 86_400;

    #[test]
    fn defences_cannot_be_paused_with_liquidation_open() {
        let mut p = pool();
        for flags in [pause::REPAY, pause::DEPOSIT_COLLATERAL, DEFENCES] {
            for by_admin in [true, false] {
                let p0 = p;
                assert_eq!(
                    p.set_pause(flags, by_admin, 0).unwrap_err(),
                    LendingError::PauseWouldBlockDefence.into()
                );
                assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
            }
            p.set_pause(flags | pause::LIQUIDATE, false, 0).unwrap();
            // nor can liquidation be resumed alone while the defences stay paused
            assert_eq!(
                p.set_pause(flags, true, 0).unwrap_err(),
                LendingError::PauseWouldBlockDefence.into()
            );
            p.set_pause(0, true, 0).unwrap();
        }
    }

    #[test]
    fn guardian_pauses_lapse_and_the_admins_do_not() {
        let mut p = pool();
        let max = p.config.max_pause_secs as i64;
        let c = p.set_pause(pause::BORROW, false, 100).unwrap();
        assert_eq!(
            (c.guardian_flags, c.guardian_expires_ts),
            (pause::BORROW, 100 + max)
        );
        // a later guardian pause shares the running expiry: the guardian cannot extend it
        let c = p
            .set_pause(pause::BORROW | pause::DEPOSIT, false, 100 + DAY)
            .unwrap();
        assert_eq!(c.guardian_expires_ts, 100 + max);
        assert_eq!(p.lapse_guardian_pauses(99 + max), None);
        assert_eq!(
            p.require_allowed(Operation::Borrow).unwrap_err(),
            LendingError::OperationPaused.into()
        );
        let lapse = p.lapse_guardian_pauses(100 + max).unwrap();
        assert_eq!(
            (lapse.before, lapse.after),
            (pause::BORROW | pause::DEPOSIT, 0)
        );
        p.require_allowed(Operation::Borrow).unwrap();
        // the admin's flags stay, and so do the guardian's the admin sets again
        p.set_pause(pause::WITHDRAW, false, 0).unwrap();
        p.set_pause(pause::WITHDRAW | pause::STAKE, true, 10)
            .unwrap();
        assert_eq!(p.guardian_pause_flags, 0);
        assert_eq!(p.lapse_guardian_pauses(i64::MAX), None);
        assert_eq!(p.pause_flags, pause::WITHDRAW | pause::STAKE);
        // the guardian adds one on top of the admin's: only that one lapses
        p.set_pause(pause::WITHDRAW | pause::STAKE | pause::BORROW, false, 10)
            .unwrap();
        p.lapse_guardian_pauses(10 + max).unwrap();
        assert_eq!(p.pause_flags, pause::WITHDRAW | pause::STAKE);
    }

    #[test]
    fn the_breaker_is_never_the_guardians_and_a_lapse_keeps_defences_open() {
        let mut p = pool();
        p.pause_flags = pause::BREAKER;
        p.set_pause(pause::BREAKER | pause::LIQUIDATE | pause::REPAY, false, 0)
            .unwrap();
        assert_eq!(p.guardian_pause_flags, pause::LIQUIDATE | pause::REPAY);
        let max = p.config.max_pause_secs as i64;
        p.lapse_guardian_pauses(max).unwrap();
        assert_eq!(p.pause_flags, pause::BREAKER);
        // a lapse that would leave a defence paused without liquidation (not reachable
        // through `set_pause`) resumes the defence too
        p.pause_flags = pause::REPAY | pause::LIQUIDATE;
        p.guardian_pause_flags = pause::LIQUIDATE;
        p.guardian_pause_expires_ts = 5;
        let lapse = p.lapse_guardian_pauses(5).unwrap();
        assert_eq!(lapse.after, 0);
    }
}
