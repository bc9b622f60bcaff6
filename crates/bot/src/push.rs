//! Pushed state: the bot follows each watched pool's positions and its oracle accounts over
//! websocket subscriptions (`programSubscribe` with the pool's position filters,
//! `accountSubscribe` per oracle), so a round starts as soon as a price or a position
//! changes instead of at the next interval, and reads the positions from its own copy
//! instead of a `getProgramAccounts` per round. The copy is resynchronised with one
//! `getProgramAccounts` on every (re)connection and every `resync` after it. While a socket
//! is down the pool falls back to polling (`Follower::positions` answers `None`), the
//! metrics say so, and the follower reconnects.
use anchor_lang::prelude::Pubkey;
use lending_pool_client::rpc::{decode_positions, positions_request, Client};
use lending_pool_sdk::state::Position;
use solana_account_decoder_client_types::UiAccountEncoding;
use solana_commitment_config::CommitmentConfig;
use solana_pubsub_client::pubsub_client::PubsubClient;
use solana_rpc_client_api::config::RpcAccountInfoConfig;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use tracing::{info, warn};

/// Wakes the main loop: a generation counter bumped by every notification.
#[derive(Default)]
pub struct Wake {
    generation: Mutex<u64>,
    changed: Condvar,
}

impl Wake {
    pub fn notify(&self) {
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.changed.notify_all();
    }

    pub fn generation(&self) -> u64 {
        *self.generation.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the generation passes `seen` or `timeout` ends; `true` when woken.
    pub fn wait_past(&self, seen: u64, timeout: Duration) -> bool {
        let guard = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |g| *g <= seen)
            .unwrap_or_else(|e| e.into_inner());
        *guard > seen
    }
}

/// What the follower counts, for the metrics.
#[derive(Debug, Default)]
pub struct PushStats {
    /// Notifications received (positions and oracles).
    pub notifications: AtomicU64,
    /// Times a socket dropped or could not connect and the pool fell back to polling.
    pub fallbacks: AtomicU64,
    /// Full resynchronisations (`getProgramAccounts`).
    pub resyncs: AtomicU64,
}

/// One pool's followed state.
#[derive(Debug)]
pub struct Follower {
    pool: Pubkey,
    /// The pool's positions as last pushed, valid while `live`.
    positions: Mutex<HashMap<Pubkey, Position>>,
    /// Every subscription is up and the copy was synced since the last (re)connection.
    live: AtomicBool,
    pub stats: PushStats,
}

impl Follower {
    /// The followed positions, sorted by address (as `getProgramAccounts` answers), or
    /// `None` while the pool is not followed live (the round polls instead).
    pub fn positions(&self) -> Option<Vec<(Pubkey, Position)>> {
        if !self.live.load(Ordering::Acquire) {
            return None;
        }
        let map = self.positions.lock().unwrap_or_else(|e| e.into_inner());
        let mut all: Vec<_> = map.iter().map(|(k, p)| (*k, *p)).collect();
        all.sort_by_key(|(k, _)| *k);
        Some(all)
    }

    pub fn is_live(&self) -> bool {
        self.live.load(Ordering::Acquire)
    }

    fn resync(&self, client: &Client) -> anyhow::Result<()> {
        let fresh: HashMap<_, _> = client.positions(&self.pool)?.into_iter().collect();
        *self.positions.lock().unwrap_or_else(|e| e.into_inner()) = fresh;
        self.stats.resyncs.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn apply(&self, key: Pubkey, position: Option<Position>) {
        let mut map = self.positions.lock().unwrap_or_else(|e| e.into_inner());
        match position {
            Some(p) => map.insert(key, p),
            // a closed position's account is emptied: it has left the pool
            None => map.remove(&key),
        };
    }

    fn fall_back(&self, why: &str) {
        let was_live = self.live.swap(false, Ordering::AcqRel);
        let before = self.stats.fallbacks.fetch_add(1, Ordering::Relaxed);
        // once per outage: when it is lost, or when it never came up
        if was_live || before == 0 {
            warn!(pool = %self.pool, "pushed state lost ({why}): polling until it is back");
        }
    }
}

/// Starts following `pool` (its positions and `oracles`) over `ws_url`: one thread per
/// subscription, and one that keeps them connected and the copy resynced every `resync`.
pub fn follow(
    ws_url: String,
    rpc_url: String,
    pool: Pubkey,
    oracles: Vec<Pubkey>,
    resync: Duration,
    wake: Arc<Wake>,
) -> Arc<Follower> {
    let follower = Arc::new(Follower {
        pool,
        positions: Mutex::default(),
        live: AtomicBool::new(false),
        stats: PushStats::default(),
    });
    let f = follower.clone();
    std::thread::Builder::new()
        .name(format!("push-{pool}"))
        .spawn(move || supervise(&ws_url, &rpc_url, &f, &oracles, resync, &wake))
        .expect("a thread for the follower");
    follower
}

/// Connects every subscription, resyncs, marks the pool live, and repeats after a drop.
fn supervise(
    ws_url: &str,
    rpc_url: &str,
    f: &Arc<Follower>,
    oracles: &[Pubkey],
    resync: Duration,
    wake: &Arc<Wake>,
) {
    // reads only: the key is never used to sign
    let client = Client::new(rpc_url, solana_keypair::Keypair::new(), Default::default());
    loop {
        let down = Arc::new(AtomicBool::new(false));
        match subscribe_all(ws_url, f, oracles, wake, &down) {
            Ok(()) => match f.resync(&client) {
                Ok(()) => {
                    f.live.store(true, Ordering::Release);
                    info!(pool = %f.pool, "following pushed state");
                    // whatever changed while the pool was not followed
                    wake.notify();
                    let mut synced = Instant::now();
                    while !down.load(Ordering::Acquire) {
                        std::thread::sleep(Duration::from_millis(200));
                        if synced.elapsed() >= resync {
                            if let Err(e) = f.resync(&client) {
                                warn!(pool = %f.pool, "resync failed: {e:#}");
                            }
                            synced = Instant::now();
                        }
                    }
                    f.fall_back("a subscription dropped");
                }
                Err(e) => f.fall_back(&format!("resync failed: {e:#}")),
            },
            Err(e) => f.fall_back(&e),
        }
        // the dropped sockets' threads end on their own; try again shortly
        down.store(true, Ordering::Release);
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// Opens the pool's program subscription and one account subscription per oracle, each
/// read on a thread of its own that sets `down` when its socket ends.
fn subscribe_all(
    ws_url: &str,
    f: &Arc<Follower>,
    oracles: &[Pubkey],
    wake: &Arc<Wake>,
    down: &Arc<AtomicBool>,
) -> Result<(), String> {
    let (mut sub, positions) = PubsubClient::program_subscribe(
        ws_url,
        &lending_pool_sdk::PROGRAM_ID,
        Some(positions_request(&f.pool)),
    )
    .map_err(|e| format!("programSubscribe: {e}"))?;
    let (fw, wk, dn) = (f.clone(), wake.clone(), down.clone());
    std::thread::spawn(move || {
        while let Ok(update) = positions.recv() {
            if dn.load(Ordering::Acquire) {
                break;
            }
            let keyed = update.value;
            let Ok(key) = keyed.pubkey.parse::<Pubkey>() else {
                continue;
            };
            let position = decode_positions(vec![(key, keyed.account)])
                .ok()
                .and_then(|mut v| v.pop())
                .map(|(_, p)| p);
            fw.apply(key, position);
            fw.stats.notifications.fetch_add(1, Ordering::Relaxed);
            wk.notify();
        }
        dn.store(true, Ordering::Release);
        let _ = sub.shutdown();
    });
    for oracle in oracles {
        // confirmed, as the rounds read (the default, finalized, lags by seconds)
        let config = RpcAccountInfoConfig {
            encoding: Some(UiAccountEncoding::Base64),
            commitment: Some(CommitmentConfig::confirmed()),
            ..RpcAccountInfoConfig::default()
        };
        let (mut sub, updates) = PubsubClient::account_subscribe(ws_url, oracle, Some(config))
            .map_err(|e| format!("accountSubscribe {oracle}: {e}"))?;
        let (fw, wk, dn) = (f.clone(), wake.clone(), down.clone());
        std::thread::spawn(move || {
            while updates.recv().is_ok() {
                if dn.load(Ordering::Acquire) {
                    break;
                }
                fw.stats.notifications.fetch_add(1, Ordering::Relaxed);
                wk.notify();
            }
            dn.store(true, Ordering::Release);
            let _ = sub.shutdown();
        });
    }
    Ok(())
}

/// The websocket URL of an RPC URL as the Solana tools derive it: `ws(s)://`, and the
/// port after the RPC's when one is given (8899 → 8900).
pub fn ws_url_of(rpc_url: &str) -> String {
    let (scheme, rest) = match rpc_url.split_once("://") {
        Some(("https", rest)) => ("wss", rest),
        Some((_, rest)) => ("ws", rest),
        None => ("ws", rpc_url),
    };
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    let host = match host.rsplit_once(':') {
        Some((name, port)) => match port.parse::<u16>() {
            Ok(p) => format!("{name}:{}", p.wrapping_add(1)),
            Err(_) => host.to_string(),
        },
        None => host.to_string(),
    };
    if path.is_empty() {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_urls_follow_the_rpc_url() {
        assert_eq!(ws_url_of("http://127.0.0.1:8899"), "ws://127.0.0.1:8900");
        assert_eq!(
            ws_url_of("https://api.mainnet-beta.solana.com"),
            "wss://api.mainnet-beta.solana.com"
        );
        assert_eq!(
            ws_url_of("https://rpc.example/key"),
            "wss://rpc.example/key"
        );
    }

    #[test]
    fn a_wake_is_seen_once_and_times_out_otherwise() {
        let w = Wake::default();
        let seen = w.generation();
        assert!(!w.wait_past(seen, Duration::from_millis(10)));
        w.notify();
        assert!(w.wait_past(seen, Duration::from_millis(10)));
        assert!(!w.wait_past(w.generation(), Duration::from_millis(10)));
    }

    #[test]
    fn a_follower_answers_nothing_until_live_and_drops_closed_positions() {
        let f = Follower {
            pool: Pubkey::new_unique(),
            positions: Mutex::default(),
            live: AtomicBool::new(false),
            stats: PushStats::default(),
        };
        let key = Pubkey::new_unique();
        f.apply(key, Some(bytemuck::Zeroable::zeroed()));
        assert!(f.positions().is_none(), "not live yet: the round polls");
        f.live.store(true, Ordering::Release);
        assert_eq!(f.positions().unwrap().len(), 1);
        f.apply(key, None);
        assert!(f.positions().unwrap().is_empty());
        f.fall_back("test");
        assert!(f.positions().is_none());
        assert_eq!(f.stats.fallbacks.load(Ordering::Relaxed), 1);
    }
}
