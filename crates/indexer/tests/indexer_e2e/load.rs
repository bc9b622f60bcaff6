//! A benchmark, not a test (ignored; `./scripts/indexer-load.sh` runs it): a burst of LP
//! deposits sent to the validator as fast as it takes them, from several LPs at once, while
//! the indexer follows. It prints the rate the cluster confirmed, the rate the indexer
//! stored events at, how far behind the chain the indexer finished, and the indexer's own
//! lag histogram; it asserts only that every transaction was indexed and reconciled.
use super::world::*;
use anchor_lang::prelude::Pubkey;
use lending_pool_localnet::{chain, demo::USDC};
use lending_pool_sdk::{ix, PoolAddresses};
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::time::{Duration, Instant};

const LPS: usize = 4;
const PER_LP: usize = 150;

#[test]
#[ignore = "benchmark: ./scripts/indexer-load.sh"]
fn indexer_load() {
    let w = World::start();
    let db = database_url(&w.dir);
    let mut indexer = Indexer::spawn(&w, &db);
    indexer.wait_caught_up(&w, Duration::from_secs(90));
    let before = counter(&indexer, "indexer_transactions_total");
    let events_before = counter(&indexer, "indexer_events_total");

    let pool = w.client.pool(&w.demo.pool()).unwrap();
    let addrs = PoolAddresses::derive(&pool.base_mint, &pool.creator);
    let lps: Vec<(Keypair, Pubkey, Pubkey)> = (0..LPS)
        .map(|_| {
            let kp = Keypair::new();
            chain::fund(&w.client, &kp.pubkey(), 1_000_000_000).unwrap();
            let source =
                chain::mint_to(&w.client, &pool.base_mint, &kp.pubkey(), 1_000_000 * USDC).unwrap();
            let lp = w.client.ensure_ata(&kp.pubkey(), &pool.lp_mint).unwrap();
            (kp, source, lp)
        })
        .collect();
    // sign everything up front on one blockhash (valid for ~60 s): the burst is pure sending
    let blockhash = w.client.rpc.get_latest_blockhash().unwrap();
    let mut txs = vec![];
    for i in 0..PER_LP {
        for (kp, source, lp) in &lps {
            let amount = USDC + i as u64; // distinct amounts: distinct signatures
            let ixs = [ix::deposit(&addrs, &kp.pubkey(), source, lp, amount, 0)];
            txs.push(solana_transaction::Transaction::new_signed_with_payer(
                &ixs,
                Some(&kp.pubkey()),
                &[kp],
                blockhash,
            ));
        }
    }
    let n = txs.len();
    let start = Instant::now();
    let config = solana_rpc_client_api::config::RpcSendTransactionConfig {
        skip_preflight: true,
        ..Default::default()
    };
    let sigs: Vec<_> = txs
        .iter()
        .map(|tx| {
            w.client
                .rpc
                .send_transaction_with_config(tx, config)
                .unwrap()
        })
        .collect();
    let sent = start.elapsed();
    // confirmed on the chain, and stored by the indexer: poll both
    let (mut confirmed_at, mut indexed_at) = (None, None);
    while indexed_at.is_none() || confirmed_at.is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(180),
            "the burst did not settle"
        );
        if confirmed_at.is_none() {
            let done = sigs.chunks(256).all(|c| {
                w.client
                    .rpc
                    .get_signature_statuses(c)
                    .unwrap()
                    .value
                    .iter()
                    .all(|s| {
                        s.as_ref().is_some_and(|s| {
                            s.err.is_none() && s.confirmations.is_none_or(|c| c > 0)
                        })
                    })
            });
            if done {
                confirmed_at = Some(start.elapsed());
            }
        }
        if indexed_at.is_none()
            && counter(&indexer, "indexer_transactions_total") >= before + n as f64
        {
            indexed_at = Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let (confirmed, indexed) = (confirmed_at.unwrap(), indexed_at.unwrap());
    let events = counter(&indexer, "indexer_events_total") - events_before;
    let lag_sum = counter(&indexer, "indexer_lag_seconds_sum");
    let lag_count = counter(&indexer, "indexer_lag_seconds_count");
    indexer.wait_caught_up(&w, Duration::from_secs(60));
    println!(
        "indexer load: {n} transactions ({events} events) from {LPS} LPs; sent in {:.2} s; confirmed by {:.2} s \
         ({:.0} tx/s); indexed by {:.2} s ({:.0} events/s, {:.0} tx/s); finished {:+.2} s after the chain; \
         block time to stored: mean {:.2} s over {lag_count} transactions (block times are whole seconds)",
        sent.as_secs_f64(),
        confirmed.as_secs_f64(),
        n as f64 / confirmed.as_secs_f64(),
        indexed.as_secs_f64(),
        events / indexed.as_secs_f64(),
        n as f64 / indexed.as_secs_f64(),
        indexed.as_secs_f64() - confirmed.as_secs_f64(),
        lag_sum / lag_count.max(1.0),
    );
    indexer.stop();
}

/// A counter (summed over its labels) from the indexer's `/metrics`.
fn counter(indexer: &Indexer, name: &str) -> f64 {
    lending_pool_localnet::processes::sum_where(&indexer.get_text("/metrics"), name, "")
}
