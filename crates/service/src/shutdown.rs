//! A graceful stop on SIGTERM (what an orchestrator sends) or SIGINT (Ctrl-C).
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// A flag set by the first SIGTERM or SIGINT, for a loop that checks it between units of
/// work and lets the one in progress finish.
pub fn flag() -> anyhow::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, stop.clone())?;
    }
    Ok(stop)
}

/// Completes on the first SIGTERM or SIGINT, for an async server's graceful shutdown.
pub async fn signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("installing a SIGTERM handler");
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
