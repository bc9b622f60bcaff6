//! `lending-pool-indexer`: see the crate docs and `docs/indexer-api.md`.
use anyhow::{Context, Result};
use clap::Parser;
use lending_pool_indexer::{
    api,
    follow::{self, Shared},
    idl_json::IdlEvents,
    metrics::Metrics,
    settings::Settings,
    source::Source,
    store::{redact, Store},
    stress,
};
use lending_pool_service::{logs, shutdown, Health};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, Notify, RwLock};

#[tokio::main]
async fn main() -> Result<()> {
    let settings = Settings::parse();
    logs::init(&settings.log, logs::Format::Text, logs::Stream::Stderr);
    let idl = Arc::new(IdlEvents::new()?);
    let store = Store::open(&settings.database_url, idl).await?;
    let shared = Arc::new(Shared {
        index: RwLock::new(Default::default()),
        store,
        source: Source::new(&settings.url, settings.program_id),
        metrics: Arc::new(Metrics::new()),
        // a round at least every poll; ten missed in a row is a stall
        health: Arc::new(Health::new(
            (Duration::from_millis(settings.poll_ms) * 10).max(Duration::from_secs(60)),
        )),
        updates: broadcast::channel(1_024).0,
        oracles: settings.oracles()?,
        stress: Default::default(),
    });
    if let Some(cursor) = shared.store.cursor().await? {
        anyhow::ensure!(
            shared.source.knows(&cursor.signature).await?,
            "the database's newest transaction {} (slot {}) is unknown to {}: it indexes another chain \
             (a restarted local validator?); give a new --database-url",
            cursor.signature,
            cursor.slot,
            settings.url
        );
    }
    let rebuilt = shared.rebuild().await?;
    tracing::info!(
        database = %redact(&settings.database_url),
        backend = shared.store.backend(),
        transactions = rebuilt,
        "index rebuilt from the database"
    );
    let (wake, stop) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
    tokio::spawn(follow::subscribe(
        settings.ws_url()?,
        settings.program_id,
        wake.clone(),
        shared.clone(),
    ));
    if settings.stress_secs > 0 {
        tokio::spawn(stress::schedule(
            shared.clone(),
            Duration::from_secs(settings.stress_secs),
        ));
    }
    let follower = tokio::spawn(follow::follow(
        shared.clone(),
        wake,
        Duration::from_millis(settings.poll_ms),
        stop.clone(),
    ));
    let dashboard = settings
        .dashboard_dir
        .is_dir()
        .then(|| settings.dashboard_dir.clone());
    if dashboard.is_none() {
        tracing::warn!(dir = %settings.dashboard_dir.display(), "no built dashboard there (scripts/build-dashboard.sh): serving the API only");
    }
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("listening on {}", settings.listen))?;
    // the address actually bound (port 0 picks one), for scripts and tests to read
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, api::router(shared, dashboard))
        .with_graceful_shutdown(async move {
            shutdown::signal().await;
            stop.notify_one();
        })
        .await?;
    follower.await?;
    Ok(())
}
