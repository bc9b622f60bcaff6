//! The probes: `/metrics` (OpenMetrics text), `/healthz` (live: the process is making
//! progress) and `/readyz` (ready: it can do its job), as an axum router. An async process
//! merges it into its own router; a synchronous one serves it on a thread of its own
//! ([`serve_in_background`]), so slow work never blocks a scrape.
use crate::{metrics::OPENMETRICS, Health, MetricsSource};
use anyhow::{Context, Result};
use axum::{extract::State, http::header, http::StatusCode, routing::get, Router};
use std::net::SocketAddr;
use std::sync::Arc;

struct Probes<M> {
    health: Arc<Health>,
    metrics: Arc<M>,
}

pub fn probes<M: MetricsSource>(health: Arc<Health>, metrics: Arc<M>) -> Router {
    let state = Arc::new(Probes { health, metrics });
    Router::new()
        .route(
            "/metrics",
            get(|State(p): State<Arc<Probes<M>>>| async move {
                ([(header::CONTENT_TYPE, OPENMETRICS)], p.metrics.encode())
            }),
        )
        .route(
            "/healthz",
            get(|State(p): State<Arc<Probes<M>>>| async move {
                match p.health.live() {
                    true => (StatusCode::OK, "ok\n"),
                    false => (StatusCode::SERVICE_UNAVAILABLE, "stalled\n"),
                }
            }),
        )
        .route(
            "/readyz",
            get(|State(p): State<Arc<Probes<M>>>| async move {
                match p.health.ready() {
                    true => (StatusCode::OK, "ready\n"),
                    false => (StatusCode::SERVICE_UNAVAILABLE, "not ready\n"),
                }
            }),
        )
        .with_state(state)
}

/// Binds `addr` and serves `router` on a thread of its own (a one-thread runtime); returns
/// the bound address (port 0 picks a free one). Binding errors are returned here, at start.
pub fn serve_in_background(addr: SocketAddr, router: Router) -> Result<SocketAddr> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .with_context(|| format!("listening on {addr}"))?;
    let bound = listener.local_addr()?;
    std::thread::Builder::new()
        .name("http".into())
        .spawn(move || {
            runtime.block_on(async move {
                if let Err(e) = axum::serve(listener, router).await {
                    tracing::error!("the HTTP server stopped: {e}");
                }
            })
        })?;
    Ok(bound)
}

#[cfg(test)]
mod tests {
    use super::*;
    use prometheus_client::{metrics::counter::Counter, registry::Registry};
    use std::io::{Read, Write};
    use std::time::Duration;

    fn get(addr: SocketAddr, path: &str) -> (u16, String) {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        let status = out[9..12].parse().unwrap();
        let body = out.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
        (status, body)
    }

    #[test]
    fn probes_follow_the_process_over_tcp() {
        let mut registry = Registry::default();
        let rounds = Counter::<u64>::default();
        registry.register("rounds", "Rounds run", rounds.clone());
        rounds.inc();
        let health = Arc::new(Health::new(Duration::from_secs(60)));
        let router = probes(health.clone(), Arc::new(registry));
        let addr = serve_in_background("127.0.0.1:0".parse().unwrap(), router).unwrap();
        assert_eq!(get(addr, "/healthz"), (200, "ok\n".into()));
        assert_eq!(
            get(addr, "/readyz").0,
            503,
            "not ready before the first round"
        );
        health.set_ready(true);
        assert_eq!(get(addr, "/readyz"), (200, "ready\n".into()));
        health.set_ready(false);
        assert_eq!(get(addr, "/readyz").0, 503);
        assert_eq!(get(addr, "/nope").0, 404);
        let (status, body) = get(addr, "/metrics");
        assert_eq!(status, 200);
        assert!(body.contains("rounds_total 1"), "{body}");
        assert!(body.ends_with("# EOF\n"), "{body}");
    }

    #[test]
    fn a_stalled_process_fails_both_probes() {
        let health = Arc::new(Health::new(Duration::ZERO));
        health.set_ready(true);
        std::thread::sleep(Duration::from_millis(5));
        let router = probes(health, Arc::new(Registry::default()));
        let addr = serve_in_background("127.0.0.1:0".parse().unwrap(), router).unwrap();
        assert_eq!(get(addr, "/healthz").0, 503);
        assert_eq!(get(addr, "/readyz").0, 503);
    }

    #[test]
    fn a_taken_port_is_an_error_at_start() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = taken.local_addr().unwrap();
        let e = serve_in_background(addr, Router::new()).unwrap_err();
        assert!(
            format!("{e:#}").starts_with(&format!("listening on {addr}")),
            "{e:#}"
        );
    }
}
