//! What the walk went through, counted for the report line.
use super::{ops::Op, world::Walk};
use lending_pool::{
    constants::pause,
    state::{Pool, Settlement, STATUS_FROZEN},
};

#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Stats {
    pub(super) sent: u64,
    pub(super) ok: u64,
    pub(super) liquidations: u64,
    pub(super) settlements: u64,
    /// Underwater positions emptied slot by slot.
    pub(super) cleared: u64,
    pub(super) freezes: u64,
    pub(super) unfreezes: u64,
    pub(super) recapitalizations: u64,
    pub(super) breaker_trips: u64,
    pub(super) breaker_resets: u64,
    /// Successful stakes, requests, cancels, unstakes and marks; settlements that voided
    /// the fund's shares.
    pub(super) stakes: u64,
    pub(super) requests: u64,
    pub(super) cancels: u64,
    pub(super) unstakes: u64,
    pub(super) marks: u64,
    pub(super) epochs: u64,
    /// Collateral deposits into a marked position (re-marked with the oracles).
    pub(super) marked_deposits: u64,
    /// Slots retired (after their feed stopped for a day), and settlements that forfeited
    /// retired holdings.
    pub(super) retirements: u64,
    pub(super) forfeits: u64,
    /// Exit requests made, completed and cancelled.
    pub(super) exit_requests: u64,
    pub(super) exits_completed: u64,
    pub(super) exits_cancelled: u64,
}

impl Stats {
    pub(super) fn add(&mut self, o: &Stats) {
        self.sent += o.sent;
        self.ok += o.ok;
        self.retirements += o.retirements;
        self.exit_requests += o.exit_requests;
        self.exits_completed += o.exits_completed;
        self.exits_cancelled += o.exits_cancelled;
        self.forfeits += o.forfeits;
        self.liquidations += o.liquidations;
        self.settlements += o.settlements;
        self.cleared += o.cleared;
        self.freezes += o.freezes;
        self.unfreezes += o.unfreezes;
        self.recapitalizations += o.recapitalizations;
        self.breaker_trips += o.breaker_trips;
        self.breaker_resets += o.breaker_resets;
        self.stakes += o.stakes;
        self.requests += o.requests;
        self.cancels += o.cancels;
        self.unstakes += o.unstakes;
        self.marks += o.marks;
        self.epochs += o.epochs;
        self.marked_deposits += o.marked_deposits;
    }
}

impl Walk {
    pub(super) fn count(&mut self, op: Op, before: &Pool, settlement: Option<Settlement>) {
        let after = self.pool();
        self.stats.settlements += settlement.is_some() as u64;
        if let Some(s) = settlement {
            self.stats.forfeits += s.forfeited_collateral.iter().any(|&n| n > 0) as u64;
        }
        if before.status != after.status {
            match after.status {
                STATUS_FROZEN => self.stats.freezes += 1,
                _ => self.stats.unfreezes += 1,
            }
        }
        let tripped = |p: &Pool| p.pause_flags & pause::BREAKER != 0;
        if !tripped(before) && tripped(&after) {
            self.stats.breaker_trips += 1;
        }
        if tripped(before) && !tripped(&after) && matches!(op, Op::SetPause(_)) {
            self.stats.breaker_resets += 1;
        }
    }
}
