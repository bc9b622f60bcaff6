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
        self.breaker_trips += (!matches!(op, Op::SetPause { .. })
            && p1.pause_flags & !p0.pause_flags & pause::BREAKER != 0)
            as u64;
    }
}
