//! The bot's HTTP port: `/metrics` (OpenMetrics text), `/healthz` (live: the loop is making
//! progress) and `/readyz` (ready: the last round reached the cluster and read every pool).
//! Served from its own thread, so a slow round never blocks a scrape.
use super::metrics::Metrics;
use anyhow::{anyhow, Result};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What the probes answer from, updated by the loop.
#[derive(Debug)]
pub struct Health {
    /// Unix milliseconds of the loop's last sign of life (a round or an action finished).
    heartbeat_ms: AtomicU64,
    /// The last round completed for every pool.
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

/// The status and body for a request path.
pub fn respond(path: &str, health: &Health, metrics: &Metrics) -> (u16, String, &'static str) {
    const TEXT: &str = "text/plain; charset=utf-8";
    match path {
        "/metrics" => (
            200,
            metrics.encode(),
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        ),
        "/healthz" if health.live() => (200, "ok\n".into(), TEXT),
        "/healthz" => (503, "stalled\n".into(), TEXT),
        "/readyz" if health.ready() => (200, "ready\n".into(), TEXT),
        "/readyz" => (503, "not ready\n".into(), TEXT),
        _ => (404, "not found\n".into(), TEXT),
    }
}

/// Binds `addr` and serves the endpoints on a background thread; returns the bound address
/// (port 0 picks a free one).
pub fn serve(addr: SocketAddr, health: Arc<Health>, metrics: Arc<Metrics>) -> Result<SocketAddr> {
    let server = tiny_http::Server::http(addr).map_err(|e| anyhow!("listening on {addr}: {e}"))?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| anyhow!("{addr} is not an IP address"))?;
    std::thread::Builder::new()
        .name("http".into())
        .spawn(move || {
            for request in server.incoming_requests() {
                let path = request.url().split('?').next().unwrap_or("").to_string();
                let (status, body, content_type) = respond(&path, &health, &metrics);
                let header = tiny_http::Header::from_bytes("Content-Type", content_type)
                    .expect("a valid header");
                let response = tiny_http::Response::from_string(body)
                    .with_status_code(status)
                    .with_header(header);
                // a client that hung up is its own problem
                let _ = request.respond(response);
            }
        })?;
    Ok(bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_follow_the_loop() {
        let m = Metrics::new();
        let h = Health::new(Duration::from_secs(60));
        assert_eq!(respond("/healthz", &h, &m).0, 200);
        assert_eq!(
            respond("/readyz", &h, &m).0,
            503,
            "not ready before a round"
        );
        h.set_ready(true);
        assert_eq!(respond("/readyz", &h, &m).0, 200);
        h.set_ready(false);
        assert_eq!(respond("/readyz", &h, &m).0, 503);
        assert_eq!(respond("/nope", &h, &m).0, 404);
        let (status, body, _) = respond("/metrics", &h, &m);
        assert_eq!(status, 200);
        assert!(body.ends_with("# EOF\n"), "{body}");
    }

    #[test]
    fn a_stalled_loop_is_not_live() {
        let m = Metrics::new();
        let h = Health::new(Duration::ZERO);
        h.set_ready(true);
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(respond("/healthz", &h, &m).0, 503);
        assert_eq!(respond("/readyz", &h, &m).0, 503);
    }

    #[test]
    fn serves_over_tcp() {
        use std::io::{Read, Write};
        let h = Arc::new(Health::new(Duration::from_secs(60)));
        let addr = serve("127.0.0.1:0".parse().unwrap(), h, Arc::new(Metrics::new())).unwrap();
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert!(out.starts_with("HTTP/1.1 200"), "{out}");
        assert!(out.ends_with("ok\n"), "{out}");
    }
}
