//! What the run went through, counted for the log line.
use super::{ops::Op, world::World};
use lending_pool::constants::pause;

/// What the run went through, for the log.
#[derive(Default)]
pub(super) struct Stats {
    pub(super) steps: u64,
    pub(super) cases: u64,
    pub(super) liquidations: u64,
    pub(super) settlements: u64,
    pub(super) losses: u64,
    pub(super) freezes: u64,
    pub(super) recapitalizations: u64,
    pub(super) unfreezes: u64,
    pub(super) breaker_trips: u64,
    pub(super) cleared: u64,
    pub(super) stakes: u64,
    pub(super) requests: u64,
    pub(super) cancels: u64,
    pub(super) burning_cancels: u64,
    pub(super) unstakes: u64,
    /// Unstakes paid less than the value at request (a loss or mark during the cooldown).
    pub(super) short_unstakes: u64,
    /// `Mark` operations that succeeded, and steps that changed the pool's marked total.
    pub(super) marks: u64,
    pub(super) mark_changes: u64,
    /// Settlements that emptied the fund and voided its shares.
    pub(super) epochs: u64,
    /// Guardian pauses set, and guardian pauses that lapsed.
    pub(super) guardian_pauses: u64,
    pub(super) pause_lapses: u64,
    /// Slots retired, and settlements that forfeited retired holdings.
    pub(super) retirements: u64,
    pub(super) forfeits: u64,
    /// Exit requests made, completed (and of those, paid less than at the request), and
    /// cancelled.
    pub(super) exit_requests: u64,
    pub(super) exits_completed: u64,
    pub(super) exits_short: u64,
    pub(super) exits_cancelled: u64,
}

impl Stats {
    pub(super) fn record(&mut self, before: &World, after: &World, op: &Op) {
        let (p0, p1) = (&before.pool, &after.pool);
        self.liquidations += matches!(op, Op::Liquidate { .. }) as u64;
        self.settlements += p1.settlement_seq - p0.settlement_seq;
        self.losses += (p1.total_socialized > p0.total_socialized) as u64;
        self.freezes += (p1.status > p0.status) as u64;
        self.unfreezes += (p1.status < p0.status) as u64;
        self.recapitalizations += (p1.total_recovered > p0.total_recovered) as u64;
        let (f0, f1) = (&before.fund, &after.fund);
        match *op {
            Op::Stake { .. } => self.stakes += 1,
            Op::RequestUnstake { .. } => self.requests += 1,
            Op::CancelUnstake { .. } => {
                self.cancels += 1;
                self.burning_cancels += (f1.total_shares < f0.total_shares) as u64;
            }
            Op::Unstake { s } => {
                self.unstakes += 1;
                let paid = f1.total_unstaked_out - f0.total_unstaked_out;
                self.short_unstakes += (paid < before.stakes[s].cooldown_value) as u64;
            }
            Op::Mark { .. } => self.marks += 1,
            Op::Retire { .. } => self.retirements += 1,
            Op::RequestExit { .. } => self.exit_requests += 1,
            Op::CompleteExit { lp } => {
                self.exits_completed += 1;
                let asked = before.exits[lp].map_or(0, |r| r.value_at_request);
                let paid = after.lp_base[lp] - before.lp_base[lp];
                self.exits_short += (paid < asked) as u64;
            }
            Op::CancelExit { .. } => self.exits_cancelled += 1,
            _ => {}
        }
        self.mark_changes += (p1.marked_shortfall != p0.marked_shortfall) as u64;
        self.guardian_pauses += (p1.guardian_pause_flags & !p0.guardian_pause_flags != 0) as u64;
        self.pause_lapses += (p0.guardian_pause_flags != 0
            && p1.guardian_pause_flags == 0
            && p1.guardian_pause_expires_ts == 0
            && !matches!(op, Op::SetPause { .. })) as u64;
        self.epochs += f1.share_epoch - f0.share_epoch;
        let forfeited = |w: &World| w.pool.collaterals.iter().map(|c| c.forfeited).sum::<u64>();
        self.forfeits += (forfeited(after) > forfeited(before)) as u64;
        self.breaker_trips += (!matches!(op, Op::SetPause { .. })
            && p1.pause_flags & !p0.pause_flags & pause::BREAKER != 0)
            as u64;
    }
}
