//! A benchmark, not a test (ignored; `./scripts/indexer-load.sh` runs it): the indexer
//! against a local validator under load, in three parts.
//! 1. **Following**: LPs send deposits at a steady rate (each transaction several
//!    deposits, each deposit one event) while the indexer follows. It prints the events per
//!    second the chain confirmed and the indexer stored, and the indexer's lag: sampled every
//!    50 ms, how long the oldest confirmed slot holding a transaction the indexer has not
//!    stored has been confirmed (0 when it holds them all); median, p95, max.
//! 2. **Catching up from the node**: with the indexer stopped, another run of deposits; then
//!    a new indexer on the same database reads the backlog from the node.
//! 3. **Rebuilding from the database**: a restart replays every stored event (parts 1 and 2
//!    and the demo's) into the index.
//!
//! It asserts only that every confirmed transaction was stored and the books reconcile.
//! `INDEXER_LOAD_SECONDS` (default 10) and `INDEXER_LOAD_TX_PER_SECOND` (default 400) set
//! the following part; the backlog is `INDEXER_LOAD_BACKLOG_SECONDS` (default 25) at the
//! same rate.
use super::world::*;
use anchor_lang::prelude::Pubkey;
use lending_pool_localnet::{chain, demo::USDC};
use lending_pool_sdk::{ix, PoolAddresses};
use solana_keypair::Keypair;
use solana_signature::Signature;
use solana_signer::Signer;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// LPs sending at once (one sending thread each).
const LPS: usize = 4;
/// Deposits (so events) per transaction.
const DEPOSITS_PER_TX: usize = 8;

#[test]
#[ignore = "benchmark: ./scripts/indexer-load.sh"]
fn indexer_load() {
    let seconds = env_u64("INDEXER_LOAD_SECONDS", 10);
    let rate = env_u64("INDEXER_LOAD_TX_PER_SECOND", 400);
    let backlog_seconds = env_u64("INDEXER_LOAD_BACKLOG_SECONDS", 25);
    let w = World::start();
    let db = database_url(&w.dir);
    let mut indexer = Indexer::spawn(&w, &db);
    indexer.wait_caught_up(&w, Duration::from_secs(90));
    let lps = Lps::fund(&w);

    // 1. following
    let stored_before = counter(&indexer, "indexer_transactions_total");
    let events_before = counter(&indexer, "indexer_events_total");
    let sampling = AtomicBool::new(true);
    let samples = Mutex::new(vec![]);
    let start = Instant::now();
    let sigs = std::thread::scope(|s| {
        s.spawn(|| {
            // bounded too: a panic below would otherwise leave the scope waiting on it
            let until = Duration::from_secs(seconds + 300);
            while sampling.load(Ordering::Relaxed) && start.elapsed() < until {
                let chain = w.client.rpc.get_slot().unwrap_or(0);
                let metrics = indexer.get_text("/metrics");
                let read = |name| lending_pool_localnet::processes::sum_where(&metrics, name, "");
                samples.lock().unwrap().push(Sample {
                    at: start.elapsed(),
                    chain,
                    indexed: read("indexer_indexed_slot") as i64,
                    events: read("indexer_events_total"),
                });
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let sigs = lps.send(&w, rate, Duration::from_secs(seconds));
        let slots = confirmed_slots(&w, &sigs);
        wait_for(&indexer, stored_before + slots.len() as f64);
        sampling.store(false, Ordering::Relaxed);
        slots
    });
    let done = start.elapsed();
    let events = counter(&indexer, "indexer_events_total") - events_before;
    let samples = samples.into_inner().unwrap();
    let lag = lags(&samples, &sigs);
    let chain_secs = chain_seconds(&sigs);
    println!(
        "indexer load, following: {} transactions of {DEPOSITS_PER_TX} deposits ({events} events) \
         from {LPS} LPs over {seconds} s; the chain confirmed {:.0} events/s; the indexer stored \
         {:.0} events/s while the load ran (from its second second to its last), all of them \
         {:.1} s after the first send; lag median {:.2} s, p95 {:.2} s, max {:.2} s ({} samples)",
        sigs.len(),
        events / chain_secs,
        steady_rate(
            &samples,
            Duration::from_secs(1),
            Duration::from_secs(seconds)
        ),
        done.as_secs_f64(),
        percentile(&lag, 50),
        percentile(&lag, 95),
        percentile(&lag, 100),
        lag.len(),
    );
    indexer.stop();

    // 2. catching up from the node
    let backlog = lps.send(&w, rate, Duration::from_secs(backlog_seconds));
    let backlog = confirmed_slots(&w, &backlog);
    let start = Instant::now();
    let indexer = Indexer::spawn(&w, &db);
    wait_for(&indexer, backlog.len() as f64);
    let caught_up = start.elapsed();
    let events = counter(&indexer, "indexer_events_total");
    let rebuild = gauge(&indexer, "indexer_rebuild_milliseconds") as f64 / 1_000.0;
    println!(
        "indexer load, catching up: {} transactions ({events} events) read from the node in \
         {:.1} s after start ({:.1} s of it the rebuild): {:.0} events/s",
        backlog.len(),
        caught_up.as_secs_f64(),
        rebuild,
        events / (caught_up.as_secs_f64() - rebuild),
    );
    assert_reconciled(&indexer);
    indexer.stop();

    // 3. rebuilding from the database
    // the indexer serves once it has rebuilt
    let indexer = Indexer::spawn(&w, &db);
    let events = gauge(&indexer, "indexer_rebuild_events");
    let ms = gauge(&indexer, "indexer_rebuild_milliseconds");
    println!(
        "indexer load, rebuild: {events} stored events replayed in {:.2} s: {:.0} events/s ({})",
        ms as f64 / 1_000.0,
        events as f64 * 1_000.0 / ms.max(1) as f64,
        if db.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        },
    );
    indexer.stop();
}

/// The LPs: funded, with base tokens and LP token accounts on the demo pool.
struct Lps {
    addrs: PoolAddresses,
    lps: Vec<(Keypair, Pubkey, Pubkey)>,
}

impl Lps {
    fn fund(w: &World) -> Self {
        let pool = w.client.pool(&w.demo.pool()).unwrap();
        let addrs = PoolAddresses::derive(&pool.base_mint, &pool.creator);
        let lps = (0..LPS)
            .map(|_| {
                let kp = Keypair::new();
                chain::fund(&w.client, &kp.pubkey(), 100_000_000_000).unwrap();
                let source = chain::mint_to(
                    &w.client,
                    &pool.base_mint,
                    &kp.pubkey(),
                    1_000_000_000 * USDC,
                )
                .unwrap();
                let lp = w.client.ensure_ata(&kp.pubkey(), &pool.lp_mint).unwrap();
                (kp, source, lp)
            })
            .collect();
        Self { addrs, lps }
    }

    /// Sends transactions of `DEPOSITS_PER_TX` deposits at `rate` a second in all, for
    /// `duration`, one thread per LP (signing as it goes, on a blockhash refreshed every two
    /// seconds); the signatures sent.
    fn send(&self, w: &World, rate: u64, duration: Duration) -> Vec<Signature> {
        let config = solana_rpc_client_api::config::RpcSendTransactionConfig {
            skip_preflight: true,
            ..Default::default()
        };
        let interval = Duration::from_secs_f64(LPS as f64 / rate as f64);
        std::thread::scope(|s| {
            let threads: Vec<_> = self
                .lps
                .iter()
                .enumerate()
                .map(|(n, (kp, source, lp))| {
                    s.spawn(move || {
                        let start = Instant::now();
                        let mut sigs = vec![];
                        let mut blockhash = (w.client.rpc.get_latest_blockhash().unwrap(), start);
                        let mut next = start + interval.mul_f64(n as f64 / LPS as f64);
                        while next < start + duration {
                            std::thread::sleep(next.saturating_duration_since(Instant::now()));
                            if blockhash.1.elapsed() > Duration::from_secs(2) {
                                blockhash =
                                    (w.client.rpc.get_latest_blockhash().unwrap(), Instant::now());
                            }
                            // distinct amounts: distinct signatures
                            let base = USDC + (sigs.len() * DEPOSITS_PER_TX) as u64;
                            let ixs: Vec<_> = (0..DEPOSITS_PER_TX as u64)
                                .map(|i| {
                                    ix::deposit(&self.addrs, &kp.pubkey(), source, lp, base + i, 0)
                                })
                                .collect();
                            let tx = solana_transaction::Transaction::new_signed_with_payer(
                                &ixs,
                                Some(&kp.pubkey()),
                                &[kp],
                                blockhash.0,
                            );
                            sigs.push(
                                w.client
                                    .rpc
                                    .send_transaction_with_config(&tx, config)
                                    .unwrap(),
                            );
                            next += interval;
                        }
                        sigs
                    })
                })
                .collect();
            threads
                .into_iter()
                .flat_map(|t| t.join().unwrap())
                .collect()
        })
    }
}

/// The slot of each of `sigs` the chain confirmed, waiting until none is pending (a dropped
/// transaction never lands: given up on after 60 s).
fn confirmed_slots(w: &World, sigs: &[Signature]) -> Vec<(Signature, u64)> {
    let start = Instant::now();
    loop {
        let mut out = vec![];
        let mut pending = 0;
        for chunk in sigs.chunks(256) {
            let statuses = w.client.rpc.get_signature_statuses(chunk).unwrap().value;
            for (sig, st) in chunk.iter().zip(statuses) {
                match st {
                    Some(st) if st.err.is_none() && st.confirmations.is_none_or(|c| c > 0) => {
                        out.push((*sig, st.slot))
                    }
                    Some(st) if st.err.is_some() => {}
                    _ => pending += 1,
                }
            }
        }
        if pending == 0 || start.elapsed() > Duration::from_secs(60) {
            assert!(
                out.len() * 10 >= sigs.len() * 9,
                "the validator confirmed only {} of {} transactions",
                out.len(),
                sigs.len()
            );
            return out;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Seconds between the first and last slot `sigs` landed in (400 ms slots), at least one.
fn chain_seconds(sigs: &[(Signature, u64)]) -> f64 {
    let first = sigs.iter().map(|s| s.1).min().unwrap_or(0);
    let last = sigs.iter().map(|s| s.1).max().unwrap_or(0);
    ((last - first + 1) as f64 * 0.4).max(1.0)
}

/// What the sampler saw: when, the chain's confirmed slot, the indexer's newest stored slot
/// and its events stored so far.
struct Sample {
    at: Duration,
    chain: u64,
    indexed: i64,
    events: f64,
}

/// Events stored per second between `from` and `to` (the samples nearest them).
fn steady_rate(samples: &[Sample], from: Duration, to: Duration) -> f64 {
    let at = |t: Duration| samples.iter().min_by_key(|s| s.at.abs_diff(t));
    match (at(from), at(to)) {
        (Some(a), Some(b)) if b.at > a.at => (b.events - a.events) / (b.at - a.at).as_secs_f64(),
        _ => 0.0,
    }
}

/// Each sample's lag: how long the oldest confirmed slot holding one of `sigs` above the
/// indexer's newest stored slot had been confirmed (by the first sample that saw the chain
/// at or past it), or 0.
fn lags(samples: &[Sample], sigs: &[(Signature, u64)]) -> Vec<f64> {
    let mut seen: BTreeMap<u64, Duration> = BTreeMap::new();
    let slots: std::collections::BTreeSet<u64> = sigs.iter().map(|s| s.1).collect();
    let mut out = vec![];
    for &Sample {
        at: t,
        chain,
        indexed,
        ..
    } in samples
    {
        for &slot in slots.range(..=chain) {
            seen.entry(slot).or_insert(t);
        }
        let after = indexed.max(0) as u64 + 1;
        let waiting = (after <= chain)
            .then(|| slots.range(after..=chain).next())
            .flatten()
            .and_then(|s| seen.get(s));
        out.push(waiting.map_or(0.0, |since| (t - *since).as_secs_f64()));
    }
    out
}

fn percentile(xs: &[f64], p: usize) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v.get((v.len().saturating_sub(1)) * p / 100)
        .copied()
        .unwrap_or(0.0)
}

/// Waits until the indexer has stored `n` transactions since it started.
fn wait_for(indexer: &Indexer, n: f64) {
    let start = Instant::now();
    while counter(indexer, "indexer_transactions_total") < n {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the indexer did not store them"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn assert_reconciled(indexer: &Indexer) {
    assert_eq!(
        gauge(indexer, "indexer_reconciliation_mismatches"),
        0,
        "the replayed books differ from the chain"
    );
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A counter (summed over its labels) from the indexer's `/metrics`.
fn counter(indexer: &Indexer, name: &str) -> f64 {
    lending_pool_localnet::processes::sum_where(&indexer.get_text("/metrics"), name, "")
}

fn gauge(indexer: &Indexer, name: &str) -> i64 {
    counter(indexer, name) as i64
}
