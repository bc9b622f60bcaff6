//! The bot's Prometheus metrics (OpenMetrics text at `/metrics`). Counters are per pool and,
//! for actions, per kind and outcome class, so an operator can alert on failures without
//! paging on races lost to faster bots.
use crate::{outcome::Class, round::RoundReport, ActionKind};
use lending_pool_client::rpc::RpcFaults;
use lending_pool_service::MetricsSource;
use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{exponential_buckets, Histogram},
    },
    registry::Registry,
};
use std::sync::atomic::AtomicU64;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabel {
    pub pool: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabels {
    pub pool: String,
    pub state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ActionLabels {
    pub pool: String,
    pub action: &'static str,
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabel {
    pub kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResultLabel {
    pub result: &'static str,
}

pub struct Metrics {
    registry: Registry,
    rounds: Family<ResultLabel, Counter>,
    round_seconds: Histogram,
    scanned: Family<PoolLabel, Counter>,
    positions: Family<StateLabels, Gauge>,
    actions: Family<ActionLabels, Counter>,
    skipped: Family<StateLabels, Counter>,
    inventory: Family<PoolLabel, Gauge>,
    profit: Family<PoolLabel, Counter<f64, AtomicU64>>,
    priority_fee: Family<PoolLabel, Gauge>,
    rpc_errors: Family<KindLabel, Counter>,
    push_live: Family<PoolLabel, Gauge>,
    push_fallbacks: Family<PoolLabel, Gauge>,
    push_notifications: Family<PoolLabel, Gauge>,
    push_wakeups: Counter,
}

impl Metrics {
    pub fn new() -> Self {
        let mut m = Self {
            registry: Registry::with_prefix("liquidator"),
            rounds: Family::default(),
            round_seconds: Histogram::new(exponential_buckets(0.05, 2.0, 12)),
            scanned: Family::default(),
            positions: Family::default(),
            actions: Family::default(),
            skipped: Family::default(),
            inventory: Family::default(),
            profit: Family::default(),
            priority_fee: Family::default(),
            rpc_errors: Family::default(),
            push_live: Family::default(),
            push_fallbacks: Family::default(),
            push_notifications: Family::default(),
            push_wakeups: Counter::default(),
        };
        let r = &mut m.registry;
        r.register(
            "rounds",
            "Rounds run, by result (ok: every pool's round completed)",
            m.rounds.clone(),
        );
        r.register(
            "round_duration_seconds",
            "Wall time of a round over all pools",
            m.round_seconds.clone(),
        );
        r.register(
            "positions_scanned",
            "Positions read and decided",
            m.scanned.clone(),
        );
        r.register(
            "positions",
            "Positions in the last round, by state",
            m.positions.clone(),
        );
        r.register(
            "actions",
            "Actions by kind and outcome: sent (one signature each), landed, lost_race (someone else acted first), stale, paused, expired, in_doubt, failed",
            m.actions.clone(),
        );
        r.register(
            "skipped",
            "Positions not acted on, by reason (stale_price, in_flight, over_budget, unprofitable)",
            m.skipped.clone(),
        );
        r.register(
            "inventory_base_units",
            "The bot's base-token balance (raw units) at the start of the last round",
            m.inventory.clone(),
        );
        r.register(
            "profit_quote",
            "Planned profit of landed liquidations (quote units)",
            m.profit.clone(),
        );
        r.register(
            "priority_fee_micro_lamports",
            "Priority fee paid per compute unit in the last round",
            m.priority_fee.clone(),
        );
        r.register(
            "rpc_errors",
            "RPC requests that failed, by kind (timeout, http_status, transport, rpc)",
            m.rpc_errors.clone(),
        );
        m.register_push();
        m
    }

    /// The pool's pushed-state figures, as its follower counted them.
    pub fn record_push(&self, pool: &str, live: bool, stats: &crate::push::PushStats) {
        use std::sync::atomic::Ordering::Relaxed;
        let label = PoolLabel {
            pool: pool.to_string(),
        };
        self.push_live.get_or_create(&label).set(live as i64);
        self.push_fallbacks
            .get_or_create(&label)
            .set(stats.fallbacks.load(Relaxed) as i64);
        self.push_notifications
            .get_or_create(&label)
            .set(stats.notifications.load(Relaxed) as i64);
    }

    pub fn pushed_wakeup(&self) {
        self.push_wakeups.inc();
    }

    /// The pushed-state metrics (`push`).
    fn register_push(&mut self) {
        let r = &mut self.registry;
        r.register(
            "push_live",
            "1 while the pool's positions and oracles are followed over websocket subscriptions; 0 while it is polled (no push, or a socket is down)",
            self.push_live.clone(),
        );
        r.register(
            "push_fallbacks",
            "Times the pool's pushed state was lost and it fell back to polling, since start",
            self.push_fallbacks.clone(),
        );
        r.register(
            "push_notifications",
            "Websocket notifications received for the pool (positions and oracles), since start",
            self.push_notifications.clone(),
        );
        r.register(
            "push_wakeups",
            "Rounds started by a pushed change before the interval ended",
            self.push_wakeups.clone(),
        );
    }

    /// Counters a client counts its RPC failures into (shared handles).
    pub fn rpc_faults(&self) -> RpcFaults {
        let kind = |kind: &'static str| self.rpc_errors.get_or_create(&KindLabel { kind }).clone();
        RpcFaults {
            timeout: kind("timeout"),
            http_status: kind("http_status"),
            transport: kind("transport"),
            rpc: kind("rpc"),
        }
    }

    pub fn round_finished(&self, ok: bool, seconds: f64) {
        let result = if ok { "ok" } else { "failed" };
        self.rounds.get_or_create(&ResultLabel { result }).inc();
        self.round_seconds.observe(seconds);
    }

    pub fn record(&self, pool: &str, report: &RoundReport, priority_fee: u64) {
        let pool_label = PoolLabel {
            pool: pool.to_string(),
        };
        let s = &report.stats;
        self.scanned
            .get_or_create(&pool_label)
            .inc_by(s.positions as u64);
        for (state, n) in [
            ("liquidatable", s.liquidatable),
            ("bankrupt", s.bankrupt),
            ("unpriced", s.missing_price),
            ("over_budget", s.over_budget),
            ("unprofitable", s.unprofitable),
            ("blocked", s.blocked),
            ("in_flight", report.in_flight),
        ] {
            let labels = StateLabels {
                pool: pool.to_string(),
                state,
            };
            self.positions.get_or_create(&labels).set(n as i64);
        }
        for (state, n) in [
            ("stale_price", s.missing_price),
            ("in_flight", report.in_flight),
            ("over_budget", s.over_budget),
            ("unprofitable", s.unprofitable),
        ] {
            let labels = StateLabels {
                pool: pool.to_string(),
                state,
            };
            self.skipped.get_or_create(&labels).inc_by(n as u64);
        }
        for (kind, n) in &report.sent {
            self.action(pool, *kind, "sent").inc_by(*n);
        }
        for ((kind, class), n) in &report.outcomes {
            self.action(pool, *kind, class.label()).inc_by(*n);
        }
        self.inventory
            .get_or_create(&pool_label)
            .set(report.inventory as i64);
        if report.profit_wad > 0 {
            self.profit
                .get_or_create(&pool_label)
                .inc_by(report.profit_wad as f64 / 1e18);
        }
        self.priority_fee
            .get_or_create(&pool_label)
            .set(priority_fee as i64);
    }

    fn action(&self, pool: &str, kind: ActionKind, outcome: &'static str) -> Counter {
        let labels = ActionLabels {
            pool: pool.to_string(),
            action: kind.label(),
            outcome,
        };
        self.actions.get_or_create(&labels).clone()
    }

    /// Makes every action series exist from the start (at zero), so rates and alerts work
    /// before the first event.
    pub fn register_pool(&self, pool: &str) {
        for kind in [
            ActionKind::Liquidate,
            ActionKind::FlashLiquidate,
            ActionKind::Settle,
            ActionKind::Mark,
            ActionKind::Sweep,
            ActionKind::Sell,
        ] {
            self.action(pool, kind, "sent");
            for class in Class::ALL {
                self.action(pool, kind, class.label());
            }
        }
    }
}

impl MetricsSource for Metrics {
    fn registry(&self) -> &Registry {
        &self.registry
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_shows_up_in_the_exposition() {
        let m = Metrics::new();
        m.register_pool("P");
        let mut r = RoundReport::default();
        r.stats.positions = 3;
        r.sent.insert(ActionKind::Liquidate, 2);
        r.outcomes.insert((ActionKind::Liquidate, Class::Landed), 1);
        r.outcomes
            .insert((ActionKind::Liquidate, Class::LostRace), 1);
        r.profit_wad = 1_500_000_000_000_000_000;
        r.inventory = 42;
        m.record("P", &r, 7);
        m.round_finished(true, 0.3);
        m.rpc_faults().timeout.inc();
        let text = m.encode();
        for line in [
            "liquidator_positions_scanned_total{pool=\"P\"} 3",
            "liquidator_actions_total{pool=\"P\",action=\"liquidate\",outcome=\"sent\"} 2",
            "liquidator_actions_total{pool=\"P\",action=\"liquidate\",outcome=\"landed\"} 1",
            "liquidator_actions_total{pool=\"P\",action=\"liquidate\",outcome=\"lost_race\"} 1",
            "liquidator_actions_total{pool=\"P\",action=\"settle\",outcome=\"failed\"} 0",
            "liquidator_inventory_base_units{pool=\"P\"} 42",
            "liquidator_profit_quote_total{pool=\"P\"} 1.5",
            "liquidator_priority_fee_micro_lamports{pool=\"P\"} 7",
            "liquidator_rpc_errors_total{kind=\"timeout\"} 1",
            "liquidator_rounds_total{result=\"ok\"} 1",
        ] {
            assert!(text.contains(line), "missing {line} in\n{text}");
        }
    }
}
