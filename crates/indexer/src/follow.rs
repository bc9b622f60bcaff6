//! Following the program: a round reads the chain's accounts, then every new transaction,
//! stores them, applies them to the index and compares the replay with the accounts at the
//! slot they were read. Rounds run when the logs subscription reports a transaction and on
//! a timer; a dropped subscription or a restart loses nothing, since every round starts
//! from the stored cursor.
use crate::{
    decode::DecodedTx,
    index::{Index, Reconciliation},
    metrics::Metrics,
    metrics::{NameLabel, PoolLabel},
    positions::PoolOracles,
    source::{PoolKeys, Source},
    store::Store,
};
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, Notify, RwLock};

/// What the follower and the API share.
pub struct Shared {
    pub index: RwLock<Index>,
    pub store: Store,
    pub source: Source,
    pub metrics: Arc<Metrics>,
    /// Live while rounds run; ready while the last round reached the chain.
    pub health: Arc<lending_pool_service::Health>,
    /// `{pool, slot}` after every round that changed a pool.
    pub updates: broadcast::Sender<serde_json::Value>,
    pub oracles: HashMap<Pubkey, PoolOracles>,
    /// The newest stress of each pool's live book (`stress::schedule`).
    pub stress: RwLock<HashMap<Pubkey, crate::stress::StressView>>,
}

impl Shared {
    /// Rebuilds the index from the database (the replay of every stored transaction).
    pub async fn rebuild(&self) -> Result<u64> {
        let started = Instant::now();
        let stored = self.store.load().await?;
        let mut index = self.index.write().await;
        *index = Index::default();
        let mut events = 0;
        for tx in &stored {
            index.apply(tx);
            events += tx.events.len();
        }
        self.metrics.indexed_slot.set(index.last_slot as i64);
        self.metrics.rebuild_events.set(events as i64);
        self.metrics
            .rebuild_milliseconds
            .set(started.elapsed().as_millis() as i64);
        Ok(index.transactions)
    }

    /// Stores `txs` and applies them; the database first, so the index never holds what a
    /// restart would not find again.
    async fn commit(&self, txs: &[DecodedTx], touched: &mut Vec<Pubkey>) -> Result<()> {
        if txs.is_empty() {
            return Ok(());
        }
        self.store.write_batch(txs).await?;
        let mut index = self.index.write().await;
        let now = unix_now();
        for tx in txs {
            for key in index.apply(tx) {
                if !touched.contains(&key) {
                    touched.push(key);
                }
            }
            self.metrics.transactions.inc();
            if tx.logs_truncated {
                self.metrics.truncated_logs.inc();
                tracing::warn!(signature = %tx.signature, "the node truncated this transaction's logs");
            }
            for e in &tx.events {
                self.metrics
                    .events
                    .get_or_create(&NameLabel {
                        name: e.event.name().into(),
                    })
                    .inc();
            }
            if let Some(t) = tx.block_time {
                self.metrics.lag_seconds.observe((now - t).max(0) as f64);
            }
        }
        self.metrics.batches.inc();
        self.metrics.indexed_slot.set(index.last_slot as i64);
        Ok(())
    }

    /// One round; returns the number of transactions it stored.
    pub async fn round(&self) -> Result<usize> {
        let started = Instant::now();
        let keys: Vec<PoolKeys> = {
            let index = self.index.read().await;
            index
                .pools
                .iter()
                .filter_map(|(k, p)| {
                    p.init.as_ref().map(|i| PoolKeys {
                        pool: *k,
                        insurance_fund: i.insurance_fund,
                        lp_mint: i.lp_mint,
                        base_vault: i.base_vault,
                        insurance_vault: i.insurance_vault,
                    })
                })
                .collect()
        };
        // the accounts first: every transaction at or before their slot is confirmed by now
        let snapshots = if keys.is_empty() {
            vec![]
        } else {
            self.source.snapshot(&keys).await?
        };
        let sigs = {
            // the index holds exactly what the database does: its newest slot is the cursor's
            let index = self.index.read().await;
            self.source
                .new_signatures(index.last_slot, &index.signatures)
                .await?
        };
        let txs = self.source.fetch(&sigs).await?;
        let mut touched = vec![];
        let mut rest: &[DecodedTx] = &txs;
        for (slot, chain) in &snapshots {
            let n = rest.iter().take_while(|t| t.slot <= *slot).count();
            self.commit(&rest[..n], &mut touched).await?;
            rest = &rest[n..];
            self.metrics.chain_slot.set(*slot as i64);
            self.reconcile(*slot, chain, &mut touched).await;
        }
        self.commit(rest, &mut touched).await?;
        if !txs.is_empty() || !snapshots.is_empty() {
            self.metrics
                .batch_seconds
                .observe(started.elapsed().as_secs_f64());
        }
        let index = self.index.read().await;
        for key in touched {
            let slot = index.pools.get(&key).map_or(0, |p| p.last_slot);
            let _ = self
                .updates
                .send(serde_json::json!({ "pool": key.to_string(), "slot": slot }));
        }
        Ok(txs.len())
    }

    /// Compares every pool of `chain` (read at `slot`) with its replay, which holds exactly
    /// the transactions up to `slot` at this point.
    async fn reconcile(
        &self,
        slot: u64,
        chain: &std::collections::BTreeMap<Pubkey, lending_pool_sdk::replay::ChainBooks>,
        touched: &mut Vec<Pubkey>,
    ) {
        let mut index = self.index.write().await;
        for (key, books) in chain {
            let Some(p) = index.pools.get_mut(key) else {
                continue;
            };
            if p.last_slot > slot {
                // a node behind the one the transactions came from: compare next round
                continue;
            }
            let mismatches: Vec<(String, u128, u128)> = p
                .replay
                .chain_divergences(books)
                .into_iter()
                .map(|(f, r, c)| (f.to_string(), r, c))
                .collect();
            self.metrics.reconciliations.inc();
            let label = PoolLabel {
                pool: key.to_string(),
            };
            self.metrics
                .mismatches
                .get_or_create(&label)
                .set(mismatches.len() as i64);
            self.metrics
                .divergences
                .get_or_create(&label)
                .set(p.divergence.is_some() as i64);
            if !mismatches.is_empty() {
                tracing::error!(pool = %key, slot, ?mismatches, "the replayed books differ from the chain");
            }
            let before = p.reconciliation.clone();
            p.decimals = Some(books.pool.base_decimals);
            for (slot, c) in books
                .pool
                .collaterals
                .iter()
                .take(books.pool.num_collaterals as usize)
                .enumerate()
            {
                p.collaterals.insert(slot as u8, (c.mint, Some(c.decimals)));
            }
            p.reconciliation = Reconciliation {
                checked_slot: Some(slot),
                mismatches,
            };
            if before.ok() != p.reconciliation.ok() && !touched.contains(key) {
                touched.push(*key);
            }
        }
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Runs rounds until `stop` is notified: after each subscription notification, and at least
/// every `poll`.
pub async fn follow(shared: Arc<Shared>, wake: Arc<Notify>, poll: Duration, stop: Arc<Notify>) {
    loop {
        let round = shared.round().await;
        shared.health.set_ready(round.is_ok());
        match round {
            Ok(n) if n > 0 => tracing::info!(transactions = n, "indexed"),
            Ok(_) => {}
            Err(e) => {
                shared.metrics.rpc_errors.inc();
                tracing::warn!("round failed (retried next round): {e:#}");
            }
        }
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(poll) => {}
            _ = stop.notified() => return,
        }
    }
}

/// Keeps a `logsSubscribe` (transactions mentioning the program, confirmed) open and wakes
/// the follower on each notification; reconnects after a second when the socket drops.
pub async fn subscribe(ws_url: String, program: Pubkey, wake: Arc<Notify>, shared: Arc<Shared>) {
    use solana_pubsub_client::nonblocking::pubsub_client::PubsubClient;
    use solana_rpc_client_api::config::{RpcTransactionLogsConfig, RpcTransactionLogsFilter};
    loop {
        match PubsubClient::new(&ws_url).await {
            Ok(client) => {
                let sub = client
                    .logs_subscribe(
                        RpcTransactionLogsFilter::Mentions(vec![program.to_string()]),
                        RpcTransactionLogsConfig {
                            commitment: Some(
                                solana_commitment_config::CommitmentConfig::confirmed(),
                            ),
                        },
                    )
                    .await;
                match sub {
                    Ok((mut stream, _unsubscribe)) => {
                        shared.metrics.subscription_reconnects.inc();
                        // anything missed while disconnected is in the next round's catch-up
                        wake.notify_one();
                        while stream.next().await.is_some() {
                            wake.notify_one();
                        }
                        tracing::warn!("logs subscription ended; reconnecting");
                    }
                    Err(e) => tracing::warn!("logsSubscribe failed: {e}"),
                }
            }
            Err(e) => tracing::warn!("websocket {ws_url}: {e}"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
