//! Metrics as the probes serve them: OpenMetrics text from a `prometheus_client` registry.
use prometheus_client::registry::Registry;

/// The content type of `/metrics`.
pub const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// What `/metrics` renders: a process's metrics, whatever their shape.
pub trait MetricsSource: Send + Sync + 'static {
    fn registry(&self) -> &Registry;

    /// OpenMetrics text, ending in `# EOF`.
    fn encode(&self) -> String {
        encode(self.registry())
    }
}

impl MetricsSource for Registry {
    fn registry(&self) -> &Registry {
        self
    }
}

pub fn encode(registry: &Registry) -> String {
    let mut out = String::new();
    prometheus_client::encoding::text::encode(&mut out, registry)
        .expect("writing to a String cannot fail");
    out
}
