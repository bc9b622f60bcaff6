//! Pushed state on a real validator: the bot follows the pool's positions and oracles over
//! websocket subscriptions, so a price fall starts a round at once, even with an hour
//! between polling rounds; with no websocket to reach it falls back to polling and says so.
use super::env::*;
use super::ops_world::*;
use lending_pool_localnet::processes;
use solana_signer::Signer;
use std::path::Path;
use std::time::{Duration, Instant};

/// Waits until the bot's `/metrics` has `name` (summed) at `want`.
fn wait_metric(bot: &Bot, name: &str, want: f64, within: Duration) {
    let start = Instant::now();
    loop {
        let (_, page) = http_get(&bot.metrics, "/metrics");
        if processes::sum_where(&page, name, "") == want {
            return;
        }
        assert!(
            start.elapsed() < within,
            "{name} never reached {want}:\n{page}\n{}",
            bot.process.output()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn pushed_state_starts_a_round_when_the_price_falls() {
    let (validator, payer) = start_validator();
    let url = validator.rpc_url();
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("push-{}", std::process::id()));
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
    wait_metric(&bot, "liquidator_push_live", 1.0, Duration::from_secs(60));
    world.fall();
    world.wait_cleared(Duration::from_secs(120));
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
    assert_eq!(
        processes::sum_where(&metrics, "liquidator_rounds_total", ""),
        1.0 + processes::sum_where(&metrics, "liquidator_push_wakeups_total", ""),
        "no polling round in between: the first, then one per wake-up"
    );
    assert!(log.contains("following pushed state"), "{log}");
    world.assert_books_exact(&[key]);
}

#[test]
fn without_a_websocket_the_bot_polls_and_says_so() {
    let (validator, payer) = start_validator();
    let url = validator.rpc_url();
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("poll-{}", std::process::id()));
    let world = crash(payer_env(&url, &payer, &tmp.join("polled")), 3);
    // nothing listens there
    let nowhere = format!("ws://127.0.0.1:{}", processes::free_port());
    let bot = world.start_bot("polled", &url, &[("LIQUIDATOR_WS_URL", &nowhere)], &[]);
    world.wait_cleared(Duration::from_secs(120));
    wait_metric(&bot, "liquidator_push_live", 0.0, Duration::from_secs(10));
    let key = bot.keypair.pubkey();
    let (log, metrics) = bot.stop();
    assert!(
        processes::sum_where(&metrics, "liquidator_push_fallbacks", "") >= 1.0,
        "{metrics}"
    );
    assert!(log.contains("polling until it is back"), "{log}");
    world.assert_books_exact(&[key]);
}
