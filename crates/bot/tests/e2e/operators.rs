//! The bot as an operator runs it, on a real validator: a long-running process configured
//! by a TOML file and the environment, metrics and probes on an HTTP port, SIGTERM to stop.
//! (1) Behind a fault-injecting proxy (drops, delays, 503s, timeouts on a seeded schedule)
//! it still clears every liquidatable position of a crash, sends each plan under one
//! signature only, and its metrics count the faults the proxy injected. (2) Two bots race
//! on the same positions: both survive, what they lose to each other is classified as a
//! lost race (never a failure), and the books are exact.
use super::env::*;
use super::ops_world::*;
use super::proxy::{FaultPlan, Proxy};
use anchor_lang::prelude::Pubkey;
use lending_pool_localnet::processes;
use solana_signer::Signer;
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The release tools against the validator: the deployed binary hashes like the local
/// build (a verifiable build is a comparison of two lines), a multisig's message is printed
/// without a keypair, and an offline-signed transaction lands when someone sends it.
fn release_tools(w: &Crash) {
    let env = &w.env;
    let admin = env.keypair_file("admin", &env.client.payer);
    let so = deploy_dir().join("lending_pool.so");
    let local = env.cli(&admin, &["program", "hash", "--so", so.to_str().unwrap()]);
    let id = lending_pool_sdk::PROGRAM_ID.to_string();
    let deployed = env.cli(&admin, &["program", "hash", "--program-id", &id]);
    assert_eq!(local.trim().len(), 64);
    assert_eq!(local, deployed, "the validator runs the local build");

    let vault = Pubkey::new_unique();
    let missing = env.dir.join("no-such-keypair.json");
    let printed = Command::new(cli_bin())
        .args(["--url", &env.url, "--keypair", missing.to_str().unwrap()])
        .args(["--authority", &vault.to_string(), "--print-message"])
        .args([
            "pool",
            "pause",
            "--pool",
            &w.pool.to_string(),
            "--flags",
            "deposit",
        ])
        .output()
        .unwrap();
    assert!(
        printed.status.success(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&printed.stdout).unwrap();
    assert_eq!(v["authority"], vault.to_string());
    assert!(v["message_base58"].as_str().is_some_and(|m| m.len() > 100));
    assert_eq!(v["instructions"][0]["program_id"], id);

    // offline: sign a pause with the admin's key and a blockhash, send it from elsewhere
    let blockhash = env.client.rpc.get_latest_blockhash().unwrap().to_string();
    let signed: serde_json::Value = serde_json::from_str(&env.cli(
        &admin,
        &[
            "--sign-only",
            "--blockhash",
            &blockhash,
            "pool",
            "pause",
            "--pool",
            &w.pool.to_string(),
            "--flags",
            "deposit",
        ],
    ))
    .unwrap();
    assert_eq!(
        env.client.pool(&w.pool).unwrap().pause_flags,
        0,
        "nothing sent"
    );
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(signed["transaction_base64"].as_str().unwrap())
        .unwrap();
    let tx: solana_transaction::Transaction = bincode::deserialize(&bytes).unwrap();
    assert_eq!(tx.signatures[0].to_string(), signed["signature"]);
    env.client.rpc.send_and_confirm_transaction(&tx).unwrap();
    assert_ne!(env.client.pool(&w.pool).unwrap().pause_flags, 0);
    env.cli(
        &admin,
        &[
            "pool",
            "pause",
            "--pool",
            &w.pool.to_string(),
            "--flags",
            "none",
        ],
    );
}

#[test]
fn the_bot_survives_rpc_faults_and_a_rival_bot() {
    let (validator, payer) = start_validator();
    let url = validator.rpc_url();
    let tmp = processes::scratch_dir(Path::new(env!("CARGO_TARGET_TMPDIR")), "ops");

    // (1) faults between the bot and the validator
    let faults = crash(payer_env(&url, &payer, &tmp.join("faults")), 4);
    let world = &faults;
    let proxy = Proxy::start(
        &url,
        FaultPlan {
            seed: 0x5eed,
            one_in: 3,
            max_faults: 12,
            window: Duration::from_secs(40),
            delay: Duration::from_millis(700),
            hold: Duration::from_secs(3),
        },
    );
    let bot = world.start_bot(
        "faulty",
        &proxy.url,
        &[
            ("LIQUIDATOR_RPC_TIMEOUT_SECS", "2"),
            ("LIQUIDATOR_CONFIRM_TIMEOUT_SECS", "20"),
        ],
        &[],
    );
    world.wait_cleared(Duration::from_secs(150));
    bot.wait_ready(Duration::from_secs(60));
    assert_eq!(http_get(&bot.metrics, "/healthz").0, 200);
    let key = bot.keypair.pubkey();
    let (log, metrics) = bot.stop();
    let st = &proxy.stats;
    let injected =
        |a: &std::sync::atomic::AtomicU64| a.load(std::sync::atomic::Ordering::Relaxed) as f64;
    assert!(
        st.faults() >= 8,
        "the schedule injected {} faults",
        st.faults()
    );
    assert!(
        injected(&st.requests) > st.faults() as f64,
        "most requests pass"
    );
    for (kind, n) in [
        ("drop", &st.drops),
        ("503", &st.status_503),
        ("timeout", &st.timeouts),
        ("delay", &st.delays),
    ] {
        assert!(injected(n) >= 1.0, "no {kind} injected");
    }
    let errors = |kind: &str| {
        sum_where(
            &metrics,
            "liquidator_rpc_errors_total",
            &format!("kind=\"{kind}\""),
        )
    };
    assert_eq!(errors("http_status"), injected(&st.status_503), "{metrics}");
    assert_eq!(errors("timeout"), injected(&st.timeouts), "{metrics}");
    let transport = errors("transport");
    assert!(
        transport >= 1.0 && transport <= injected(&st.drops),
        "{transport} {metrics}"
    );
    assert_eq!(
        sum_where(&metrics, "liquidator_actions_total", "outcome=\"failed\""),
        0.0,
        "{log}"
    );
    // one signature per plan, and on chain exactly the plans logged as landed
    let plans = sent_plans(&log);
    let ids: HashSet<&String> = plans.iter().map(|(p, _, _)| p).collect();
    assert_eq!(ids.len(), plans.len(), "a plan was sent twice:\n{log}");
    let landed: HashSet<String> = plans.iter().filter(|p| p.2).map(|p| p.1.clone()).collect();
    assert!(landed.len() >= world.borrowers, "{log}");
    for sig in &landed {
        let sig: solana_transaction::Signature = sig.parse().unwrap();
        let status = world
            .env
            .client
            .rpc
            .get_signature_statuses(&[sig])
            .unwrap()
            .value;
        assert!(
            matches!(&status[0], Some(s) if s.err.is_none()),
            "{sig} landed"
        );
    }
    // nothing the log does not show landed: one processed transaction per landed plan
    assert_eq!(
        processed_on_chain(&world.env.client, &key),
        landed.len() as u64,
        "{log}"
    );
    // the metrics were scraped before SIGTERM; the round in progress may still have acted
    assert!(
        sum_where(&metrics, "liquidator_actions_total", "outcome=\"landed\"")
            <= landed.len() as f64
    );
    world.assert_books_exact(&[key]);
    release_tools(world);

    // (2) two bots on the same positions, straight to the validator
    let world = crash(payer_env(&url, &payer, &tmp.join("race")), 6);
    let (a, b) = (
        // bot a also watches the first pool (cleared by now): one process, two pools
        world.start_bot("a", &url, &[], &[&faults]),
        world.start_bot("b", &url, &[], &[]),
    );
    world.wait_cleared(Duration::from_secs(120));
    // ready: a round completed for both of a's pools
    a.wait_ready(Duration::from_secs(120));
    let (keys, mut outcomes) = ([a.keypair.pubkey(), b.keypair.pubkey()], vec![]);
    for bot in [a, b] {
        let key = bot.keypair.pubkey();
        let (log, metrics) = bot.stop();
        let count = |outcome: &str| {
            sum_where(
                &metrics,
                "liquidator_actions_total",
                &format!("outcome=\"{outcome}\""),
            )
        };
        assert_eq!(count("failed"), 0.0, "{log}");
        // what the cluster charged it for lies between what landed and what it sent (a lost
        // race can be refused by the simulation, unsent, or land with the program's error);
        // counted from the log, which is complete once the process exited
        let plans = sent_plans(&log);
        let landed_in_log = plans.iter().filter(|p| p.2).count() as u64;
        let processed = processed_on_chain(&world.env.client, &key);
        assert!(
            landed_in_log <= processed && processed <= plans.len() as u64,
            "{processed}\n{log}"
        );
        outcomes.push((landed_in_log as f64, count("lost_race")));
        if key == keys[0] {
            // every round covered both pools
            let scanned = |pool: &Pubkey| {
                sum_where(
                    &metrics,
                    "liquidator_positions_scanned_total",
                    &pool.to_string(),
                )
            };
            assert!(
                scanned(&faults.pool) >= faults.borrowers as f64,
                "{metrics}"
            );
            assert!(scanned(&world.pool) >= world.borrowers as f64, "{metrics}");
            assert_eq!(
                sum_where(&metrics, "liquidator_rounds_total", "failed"),
                0.0,
                "{metrics}"
            );
        }
        let ids: HashSet<&String> = plans.iter().map(|(p, _, _)| p).collect();
        assert_eq!(ids.len(), plans.len(), "a plan was sent twice:\n{log}");
    }
    world.assert_books_exact(&keys);
    let landed: f64 = outcomes.iter().map(|o| o.0).sum();
    let lost: f64 = outcomes.iter().map(|o| o.1).sum();
    assert!(landed >= world.borrowers as f64, "{outcomes:?}");
    eprintln!("race: {outcomes:?} (landed, lost) for bots {keys:?}; {lost} lost races classified");
    drop(validator);
}
