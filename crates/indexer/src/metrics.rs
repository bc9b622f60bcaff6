//! The indexer's Prometheus metrics (OpenMetrics text at `/metrics`, prefix `indexer_`).
//! `indexer_reconciliation_mismatches{pool}` above zero, or any replay divergence, is the
//! alarm to page on.
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

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct NameLabel {
    pub name: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabel {
    pub pool: String,
}

pub struct Metrics {
    registry: Registry,
    pub events: Family<NameLabel, Counter>,
    pub transactions: Counter,
    pub batches: Counter,
    pub batch_seconds: Histogram,
    /// Seconds from a transaction's block time to its being stored.
    pub lag_seconds: Histogram,
    pub indexed_slot: Gauge,
    pub chain_slot: Gauge,
    pub mismatches: Family<PoolLabel, Gauge>,
    pub divergences: Family<PoolLabel, Gauge>,
    pub reconciliations: Counter,
    pub rpc_errors: Counter,
    pub subscription_reconnects: Counter,
    pub truncated_logs: Counter,
    /// The start-up rebuild from the database: events replayed and how long it took.
    pub rebuild_events: Gauge,
    pub rebuild_milliseconds: Gauge,
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("indexer");
        let m = Self {
            events: Family::default(),
            transactions: Counter::default(),
            batches: Counter::default(),
            batch_seconds: Histogram::new(exponential_buckets(0.005, 2.0, 14)),
            lag_seconds: Histogram::new(exponential_buckets(0.25, 2.0, 12)),
            indexed_slot: Gauge::default(),
            chain_slot: Gauge::default(),
            mismatches: Family::default(),
            divergences: Family::default(),
            reconciliations: Counter::default(),
            rpc_errors: Counter::default(),
            subscription_reconnects: Counter::default(),
            truncated_logs: Counter::default(),
            rebuild_events: Gauge::default(),
            rebuild_milliseconds: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register("events", "Events stored, by name", m.events.clone());
        registry.register(
            "transactions",
            "Transactions stored",
            m.transactions.clone(),
        );
        registry.register("batches", "Batches written", m.batches.clone());
        registry.register(
            "batch_seconds",
            "Time to fetch, decode and store a batch",
            m.batch_seconds.clone(),
        );
        registry.register(
            "lag_seconds",
            "Block time to stored, per transaction",
            m.lag_seconds.clone(),
        );
        registry.register(
            "indexed_slot",
            "Slot of the newest stored transaction",
            m.indexed_slot.clone(),
        );
        registry.register(
            "chain_slot",
            "Confirmed slot of the last chain snapshot",
            m.chain_slot.clone(),
        );
        registry.register(
            "reconciliation_mismatches",
            "Fields where the replayed books differ from the chain at the last check",
            m.mismatches.clone(),
        );
        registry.register(
            "replay_divergences",
            "1 when a pool's replay could not apply an event",
            m.divergences.clone(),
        );
        registry.register(
            "reconciliations",
            "Comparisons of the replay with the chain",
            m.reconciliations.clone(),
        );
        registry.register(
            "rpc_errors",
            "Failed rounds (RPC or database)",
            m.rpc_errors.clone(),
        );
        registry.register(
            "subscription_reconnects",
            "Times the logs subscription was (re)established",
            m.subscription_reconnects.clone(),
        );
        registry.register(
            "truncated_logs",
            "Transactions whose logs the node truncated",
            m.truncated_logs.clone(),
        );
        registry.register(
            "rebuild_events",
            "Events the start-up rebuild read from the database and replayed",
            m.rebuild_events.clone(),
        );
        registry.register(
            "rebuild_milliseconds",
            "Time the start-up rebuild took (load, decode, replay)",
            m.rebuild_milliseconds.clone(),
        );
        Self { registry, ..m }
    }
}

impl lending_pool_service::MetricsSource for Metrics {
    fn registry(&self) -> &Registry {
        &self.registry
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
