//! The HTTP API (JSON, `docs/indexer-api.md`), the live update stream, the dashboard's
//! static files, and the probes the indexer shares with the bot (`/metrics`, `/healthz`,
//! `/readyz`: `lending-pool-service`).
use crate::{
    follow::Shared,
    positions::{positions_view, PoolOracles},
    views,
};
use anchor_lang::prelude::Pubkey;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
    routing::get,
    Json, Router,
};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use tokio_stream::{wrappers::BroadcastStream, StreamExt};

type AppState = Arc<Shared>;

pub fn router(shared: AppState, dashboard_dir: Option<std::path::PathBuf>) -> Router {
    let api = Router::new()
        .route("/api/pools", get(pools))
        .route("/api/pools/{pool}", get(pool))
        .route("/api/pools/{pool}/history", get(history))
        .route("/api/pools/{pool}/settlements", get(settlements))
        .route("/api/pools/{pool}/liquidations", get(liquidations))
        .route("/api/pools/{pool}/stakers", get(stakers))
        .route("/api/pools/{pool}/exits", get(exits))
        .route("/api/pools/{pool}/positions", get(positions))
        .route("/api/pools/{pool}/stress", get(stress))
        .route("/api/pools/{pool}/book", get(book))
        .route("/api/events", get(events))
        .route("/api/stream", get(stream))
        .with_state(shared.clone())
        .merge(lending_pool_service::http::probes(
            shared.health.clone(),
            shared.metrics.clone(),
        ));
    match dashboard_dir {
        Some(dir) => api.fallback_service(tower_http::services::ServeDir::new(dir)),
        None => api,
    }
}

/// An API error: a status and a message, as JSON.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

fn pool_key(s: &str) -> Result<Pubkey, ApiError> {
    s.parse()
        .map_err(|_| ApiError(StatusCode::BAD_REQUEST, format!("not a pool address: {s}")))
}

/// The oracle accounts the pool is priced by (`--pool-oracles`), or 404.
fn configured_oracles<'a>(s: &'a Shared, key: &Pubkey) -> Result<&'a PoolOracles, ApiError> {
    s.oracles.get(key).ok_or_else(|| {
        ApiError(
            StatusCode::NOT_FOUND,
            format!("no oracle accounts configured for pool {key} (--pool-oracles {key}=BASE,SLOT0,...)"),
        )
    })
}

/// Runs `f` on the pool's index, or 404s.
async fn with_pool<T>(
    s: &Shared,
    pool: &str,
    f: impl FnOnce(&Pubkey, &crate::index::PoolIndex) -> T,
) -> Result<T, ApiError> {
    let key = pool_key(pool)?;
    let index = s.index.read().await;
    let p = index
        .pools
        .get(&key)
        .ok_or_else(|| ApiError(StatusCode::NOT_FOUND, format!("no pool {key} in the index")))?;
    Ok(f(&key, p))
}

async fn pools(State(s): State<AppState>) -> Json<Value> {
    let index = s.index.read().await;
    Json(Value::Array(
        index
            .pools
            .iter()
            .filter(|(_, p)| p.init.is_some())
            .map(|(k, p)| views::pool_summary(k, p))
            .collect(),
    ))
}

async fn pool(State(s): State<AppState>, Path(pool): Path<String>) -> ApiResult {
    with_pool(&s, &pool, views::pool_view).await.map(Json)
}

#[derive(Deserialize)]
struct Limit {
    limit: Option<usize>,
}

async fn history(
    State(s): State<AppState>,
    Path(pool): Path<String>,
    Query(q): Query<Limit>,
) -> ApiResult {
    let limit = q.limit.unwrap_or(10_000);
    with_pool(&s, &pool, |_, p| views::history(p, limit))
        .await
        .map(Json)
}

async fn settlements(State(s): State<AppState>, Path(pool): Path<String>) -> ApiResult {
    with_pool(&s, &pool, |_, p| {
        Value::Array(p.settlements.iter().map(views::settlement).collect())
    })
    .await
    .map(Json)
}

async fn liquidations(State(s): State<AppState>, Path(pool): Path<String>) -> ApiResult {
    with_pool(&s, &pool, |_, p| {
        Value::Array(
            p.liquidations
                .iter()
                .map(|l| views::liquidation(l, p))
                .collect(),
        )
    })
    .await
    .map(Json)
}

async fn exits(State(s): State<AppState>, Path(pool): Path<String>) -> ApiResult {
    with_pool(&s, &pool, |_, p| views::exits(p)).await.map(Json)
}

async fn stakers(State(s): State<AppState>, Path(pool): Path<String>) -> ApiResult {
    with_pool(&s, &pool, |_, p| views::stakers(p))
        .await
        .map(Json)
}

async fn positions(State(s): State<AppState>, Path(pool): Path<String>) -> ApiResult {
    let key = pool_key(&pool)?;
    let oracles = configured_oracles(&s, &key)?;
    let view = positions_view(&s.source.rpc, &key, oracles)
        .await
        .map_err(|e| ApiError(StatusCode::BAD_GATEWAY, format!("{e:#}")))?;
    Ok(Json(
        serde_json::to_value(view).expect("positions serialize"),
    ))
}

/// The newest scheduled stress of the pool's live book; computed now when there is none yet.
async fn stress(State(s): State<AppState>, Path(pool): Path<String>) -> ApiResult {
    let key = pool_key(&pool)?;
    if let Some(view) = s.stress.read().await.get(&key) {
        return Ok(Json(serde_json::to_value(view).expect("stress serializes")));
    }
    let oracles = configured_oracles(&s, &key)?;
    let view = crate::stress::stress_view(&s.source.rpc, &key, oracles)
        .await
        .map_err(|e| ApiError(StatusCode::BAD_GATEWAY, format!("{e:#}")))?;
    s.stress.write().await.insert(key, view.clone());
    Ok(Json(serde_json::to_value(view).expect("stress serializes")))
}

/// The pool's whole book at one slot, every account as the chain holds it (the
/// simulator's `--from-indexer` stresses it): read now, priced by the pool's oracles.
async fn book(State(s): State<AppState>, Path(pool): Path<String>) -> ApiResult {
    let key = pool_key(&pool)?;
    let oracles = configured_oracles(&s, &key)?.clone();
    let url = s.source.rpc.url();
    let snap = tokio::task::spawn_blocking(move || {
        lending_pool_client::book::Snapshot::read(&url, &key, &oracles.base, &oracles.slots)
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    .map_err(|e| ApiError(StatusCode::BAD_GATEWAY, format!("{e:#}")))?;
    Ok(Json(snap.to_json()))
}

#[derive(Deserialize)]
struct EventsQuery {
    pool: Option<String>,
    after_id: Option<u64>,
    limit: Option<u64>,
}

async fn events(State(s): State<AppState>, Query(q): Query<EventsQuery>) -> ApiResult {
    if let Some(p) = &q.pool {
        pool_key(p)?;
    }
    let rows = s
        .store
        .events(
            q.pool.as_deref(),
            q.after_id.unwrap_or(0),
            q.limit.unwrap_or(1_000).min(10_000),
        )
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")))?;
    Ok(Json(serde_json::to_value(rows).expect("events serialize")))
}

async fn stream(
    State(s): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let updates = BroadcastStream::new(s.updates.subscribe())
        // a slow client that missed updates just refetches on the next one
        .filter_map(|u| u.ok())
        .map(|u| Ok(Event::default().event("update").data(u.to_string())));
    Sse::new(updates).keep_alive(KeepAlive::default())
}
