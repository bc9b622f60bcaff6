//! Liveness and readiness as the process reports them: `beat` on every sign of progress,
//! `set_ready` when the process can do its job (the bot's last round reached every pool; the
//! indexer has caught up with the chain).
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Debug)]
pub struct Health {
    /// Unix milliseconds of the last sign of progress.
    heartbeat_ms: AtomicU64,
    ready: AtomicBool,
    /// Longer than this without a heartbeat and the process is reported dead.
    stall_after: Duration,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Health {
    /// Live from now, not ready until `set_ready(true)`.
    pub fn new(stall_after: Duration) -> Self {
        Self {
            heartbeat_ms: AtomicU64::new(now_ms()),
            ready: AtomicBool::new(false),
            stall_after,
        }
    }

    pub fn beat(&self) {
        self.heartbeat_ms.store(now_ms(), Ordering::Relaxed);
    }

    /// Also a heartbeat.
    pub fn set_ready(&self, ready: bool) {
        self.ready.store(ready, Ordering::Relaxed);
        self.beat();
    }

    pub fn live(&self) -> bool {
        now_ms().saturating_sub(self.heartbeat_ms.load(Ordering::Relaxed))
            <= self.stall_after.as_millis() as u64
    }

    pub fn ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed) && self.live()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stalled_process_is_neither_live_nor_ready() {
        let h = Health::new(Duration::ZERO);
        h.set_ready(true);
        std::thread::sleep(Duration::from_millis(5));
        assert!(!h.live());
        assert!(!h.ready());
        h.beat();
        assert!(h.ready());
    }
}
