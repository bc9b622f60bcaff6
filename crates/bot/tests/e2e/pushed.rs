//! Pushed state on a real validator: the bot follows the pool's positions and oracles over
//! websocket subscriptions, so a price fall starts a round at once, even with an hour
//! between polling rounds; with no websocket to reach it falls back to polling and says so.
use super::env::*;
use super::ops_world::*;
use lending_pool_localnet::processes;
use solana_signer::Signer;
use std::path::Path;
use std::time::{Duration, Instant};

/// Waits until the bot's `/metrics` has `name` (summed) where `ok` wants it.
fn wait_metric(bot: &Bot, name: &str, ok: impl Fn(f64) -> bool, within: Duration) {
    let start = Instant::now();
    loop {
        let (_, page) = http_get(&bot.metrics, "/metrics");
        if ok(processes::sum_where(&page, name, "")) {
            return;
        }
        assert!(
            start.elapsed() < within,
            "{name} never as wanted:\n{page}\n{}",
            bot.process.output()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn pushed_state_starts_a_round_when_the_price_falls() {
    let (validator, payer) = start_validator();
    let url = validator.rpc_url();
    let tmp = processes::scratch_dir(Path::new(env!("CARGO_TARGET_TMPDIR")), "push");
    let world = healthy(payer_env(&url, &payer, &tmp.join("pushed")), 3);
    // an hour between polling rounds: after the first, only a pushed change starts one
    let ws = validator.pubsub_url();
    let bot = world.start_bot(
        "pushed",
        &url,
        &[
            ("LIQUIDATOR_INTERVAL_SECS", "3600"),
            ("LIQUIDATOR_WS_URL", &ws),
        ],
        &[],
    );
    bot.wait_ready(Duration::from_secs(60));
    wait_metric(
        &bot,
        "liquidator_push_live",
        |v| v == 1.0,
        Duration::from_secs(60),
    );
    world.fall();
    world.wait_cleared(Duration::from_secs(120));
    // the round the fall started has reported (its confirmations can outlast the clearing)
    wait_metric(
        &bot,
        "liquidator_push_notifications",
        |v| v >= 1.0,
        Duration::from_secs(60),
    );
    let key = bot.keypair.pubkey();
    let (log, metrics) = bot.stop();
    assert!(
        processes::sum_where(&metrics, "liquidator_push_wakeups_total", "") >= 1.0,
        "a round started by the push:\n{metrics}"
    );
    assert!(processes::sum_where(&metrics, "liquidator_push_notifications", "") >= 1.0);
    assert_eq!(
        processes::sum_where(&metrics, "liquidator_push_fallbacks", ""),
        0.0
    );
    // no polling round: the first, then only rounds a wake-up started (the last may still
    // be running when the page is read)
    assert!(
        processes::sum_where(&metrics, "liquidator_rounds_total", "")
            <= 1.0 + processes::sum_where(&metrics, "liquidator_push_wakeups_total", ""),
        "{metrics}"
    );
    assert!(log.contains("following pushed state"), "{log}");
    world.assert_books_exact(&[key]);
}

#[test]
fn without_a_websocket_the_bot_polls_and_says_so() {
    let (validator, payer) = start_validator();
    let url = validator.rpc_url();
    let tmp = processes::scratch_dir(Path::new(env!("CARGO_TARGET_TMPDIR")), "poll");
    let world = crash(payer_env(&url, &payer, &tmp.join("polled")), 3);
    // nothing listens there
    let nowhere = format!("ws://127.0.0.1:{}", processes::free_port());
    let bot = world.start_bot("polled", &url, &[("LIQUIDATOR_WS_URL", &nowhere)], &[]);
    world.wait_cleared(Duration::from_secs(120));
    // the round that cleared it has reported (its confirmations can outlast the clearing)
    wait_metric(
        &bot,
        "liquidator_rounds_total",
        |v| v >= 1.0,
        Duration::from_secs(60),
    );
    wait_metric(
        &bot,
        "liquidator_push_fallbacks",
        |v| v >= 1.0,
        Duration::from_secs(10),
    );
    let key = bot.keypair.pubkey();
    let (log, metrics) = bot.stop();
    assert!(
        processes::sum_where(&metrics, "liquidator_push_fallbacks", "") >= 1.0,
        "{metrics}"
    );
    assert!(log.contains("polling until it is back"), "{log}");
    world.assert_books_exact(&[key]);
}

/// A benchmark, not a test (ignored; `cargo test --workspace --test e2e reaction -- --ignored
/// --nocapture`): the time from a price fall landing to each position's liquidation landing,
/// over a crash of `N` positions, for a bot polling every 10 s (the default) and for one
/// following pushed state with the same interval. Prints p50 and p95 of each.
#[test]
#[ignore = "benchmark: prints reaction times"]
fn reaction_times_polling_and_pushed() {
    const N: usize = 12;
    for (mode, pushed) in [("polling", false), ("pushed", true)] {
        let (validator, payer) = start_validator();
        let url = validator.rpc_url();
        let tmp = processes::scratch_dir(
            Path::new(env!("CARGO_TARGET_TMPDIR")),
            &format!("reaction-{mode}"),
        );
        let world = healthy(payer_env(&url, &payer, &tmp), N);
        let ws = validator.pubsub_url();
        let env: Vec<(&str, &str)> = match pushed {
            true => vec![
                ("LIQUIDATOR_INTERVAL_SECS", "10"),
                ("LIQUIDATOR_WS_URL", &ws),
            ],
            false => vec![("LIQUIDATOR_INTERVAL_SECS", "10")],
        };
        let bot = world.start_bot(mode, &url, &env, &[]);
        bot.wait_ready(Duration::from_secs(60));
        if pushed {
            wait_metric(
                &bot,
                "liquidator_push_live",
                |v| v == 1.0,
                Duration::from_secs(60),
            );
        }
        // a random phase against the polling interval, as a real crash has
        std::thread::sleep(Duration::from_millis(
            1_000 + (std::process::id() % 7_000) as u64,
        ));
        let held: std::collections::HashMap<_, _> = world
            .env
            .client
            .positions(&world.pool)
            .unwrap()
            .into_iter()
            .map(|(k, p)| (k, p.collateral[0]))
            .collect();
        world.fall();
        let fell = Instant::now();
        let mut landed: Vec<Duration> = vec![];
        let mut seen = std::collections::HashSet::new();
        while landed.len() < N && fell.elapsed() < Duration::from_secs(120) {
            for (key, p) in world.env.client.positions(&world.pool).unwrap() {
                // a liquidation took some of its SOL
                if p.collateral[0] < held[&key] && seen.insert(key) {
                    landed.push(fell.elapsed());
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bot.stop();
        landed.sort();
        let pct =
            |q: f64| landed[((landed.len() as f64 * q).ceil() as usize).clamp(1, landed.len()) - 1];
        eprintln!(
            "reaction ({mode}): {} of {N} liquidated; p50 {:.2} s, p95 {:.2} s",
            landed.len(),
            pct(0.5).as_secs_f64(),
            pct(0.95).as_secs_f64()
        );
    }
}
