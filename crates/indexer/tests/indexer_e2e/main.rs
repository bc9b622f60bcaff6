//! The indexer for real: a `solana-test-validator` with the program, the demo pool (LPs,
//! stakers, borrowers on two collaterals of different decimals), a crash of both
//! collateral prices, the `liquidator` bot liquidating and the waterfall settling, a
//! recapitalization through the `lending-pool` CLI; the indexer process follows it all,
//! is killed (SIGKILL) midway and restarted. Then: every transaction and event is in the
//! database exactly once, the API's books equal the chain's accounts and the CLI's view,
//! the loss ledger equals the settlement events read straight from the node, and the
//! dashboard, in headless Chromium, shows the settlement's numbers.
//!
//! The database is SQLite unless `LENDING_POOL_TEST_DATABASE_URL` names another
//! (`scripts/test.sh` runs this test again against a PostgreSQL server it starts).
mod load;
mod world;

use serde_json::Value;
use std::time::Duration;
use world::*;

#[test]
fn the_indexer_follows_a_crash_through_a_restart_and_the_dashboard_shows_it() {
    let w = World::start();
    let db = database_url(&w.dir);
    let mut indexer = Indexer::spawn(&w, &db);
    indexer.wait_caught_up(&w, Duration::from_secs(90));

    // the crash, in two steps: SOL $150 → $60 first, by hand (`lending-pool-localnet price`)
    w.publish_prices(60, 60_000);
    let rounds_before = w.bot_rounds(4);
    assert!(rounds_before > 0, "the bot acted on the first drop");
    // killed mid-stream: SOL goes to $10 and BTC to $20,000 while nobody indexes
    indexer.kill();
    w.set_prices(10, 20_000);
    let rounds_after = w.bot_rounds(8);
    assert!(rounds_after > 0, "the bot acted on the second drop");
    // anyone may give some of the loss back to the LPs while nobody can buy shares ahead of
    // it: the admin pauses deposits, the liquidator recapitalizes through the CLI, the admin
    // resumes
    let pause = |flags: &str| {
        let args = ["pool", "pause", "--pool", &w.demo.pool, "--flags", flags];
        w.cli("admin", &args);
    };
    pause("deposit");
    w.cli(
        "liquidator",
        &[
            "pool",
            "recapitalize",
            "--pool",
            &w.demo.pool,
            "--amount",
            "1000",
        ],
    );
    pause("none");
    let mut indexer = Indexer::spawn(&w, &db);
    indexer.wait_caught_up(&w, Duration::from_secs(120));
    eprintln!("bot rounds with actions: {rounds_before} before the kill, {rounds_after} after");

    // nothing missed, nothing doubled: every successful transaction of the program and
    // every event in it, read straight from the node, is stored once
    let chain = w.program_history();
    let stored: Vec<Value> = indexer.get_json("/api/events?limit=10000");
    let stored_sigs: std::collections::BTreeSet<(String, u64)> = stored
        .iter()
        .map(|e| {
            (
                e["signature"].as_str().unwrap().to_string(),
                e["event_index"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(stored_sigs.len(), stored.len(), "an event stored twice");
    assert_eq!(
        stored.len(),
        chain.events.len(),
        "events stored vs emitted: {:?} vs {:?}",
        stored
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        chain
            .events
            .iter()
            .map(|e| e.1.as_str())
            .collect::<Vec<_>>()
    );
    for (i, (e, (sig, name))) in stored.iter().zip(&chain.events).enumerate() {
        assert_eq!(
            (
                e["signature"].as_str().unwrap(),
                e["name"].as_str().unwrap()
            ),
            (sig.as_str(), name.as_str()),
            "event {i}"
        );
    }

    // the books: the API, the chain's accounts and the CLI's view agree to the unit
    let api: Value = indexer.get_json(&format!("/api/pools/{}", w.demo.pool));
    let view = w.pool_view();
    let books = &api["books"];
    for (field, chain) in [
        ("cash", view["cash"].to_string()),
        ("total_debt", view["total_debt"].to_string()),
        ("lp_assets", view["lp_assets"].to_string()),
        ("lp_supply", view["lp_supply"].to_string()),
        ("marked_shortfall", view["marked_shortfall"].to_string()),
        (
            "share_price_wad",
            view["share_price_wad"].as_str().unwrap().to_string(),
        ),
    ] {
        assert_eq!(books[field].as_str().unwrap(), chain, "books.{field}");
    }
    let insurance = view["insurance_vault_ledger"].as_u64().unwrap()
        + view["insurance_pending"].as_u64().unwrap();
    assert_eq!(
        books["insurance_balance"].as_str().unwrap(),
        insurance.to_string()
    );
    assert_eq!(
        api["reconciliation"]["ok"], true,
        "{}",
        api["reconciliation"]
    );
    assert!(api["reconciliation"]["mismatches"]
        .as_array()
        .unwrap()
        .is_empty());

    // the loss ledger: one row per settlement event, with its numbers
    let settlements: Vec<Value> =
        indexer.get_json(&format!("/api/pools/{}/settlements", w.demo.pool));
    assert!(
        !chain.settlements.is_empty(),
        "the crash left bad debt to settle"
    );
    assert_eq!(settlements.len(), chain.settlements.len());
    let mut socialized = 0;
    for (row, s) in settlements.iter().zip(&chain.settlements) {
        assert_eq!(row["seq"].as_u64().unwrap(), s.seq);
        for (field, value) in [
            ("debt", s.debt as u128),
            ("covered", s.covered as u128),
            ("socialized", s.socialized as u128),
            ("share_price_before_wad", s.share_price_before_wad),
            ("share_price_after_wad", s.share_price_after_wad),
        ] {
            assert_eq!(
                row[field].as_str().unwrap(),
                value.to_string(),
                "settlement {} {field}",
                s.seq
            );
        }
        socialized += s.socialized;
    }
    assert!(
        socialized > 0,
        "the insurance fund ran out: LPs took part of the loss"
    );
    assert_eq!(
        books["total_socialized"].as_str().unwrap(),
        socialized.to_string()
    );
    let liquidations: Vec<Value> =
        indexer.get_json(&format!("/api/pools/{}/liquidations", w.demo.pool));
    assert_eq!(liquidations.len(), chain.liquidations);
    let history: Vec<Value> = indexer.get_json(&format!("/api/pools/{}/history", w.demo.pool));
    assert_eq!(history.last().unwrap()["cash"], books["cash"]);
    let stakers: Value = indexer.get_json(&format!("/api/pools/{}/stakers", w.demo.pool));
    assert_eq!(stakers["fund_balance"], books["insurance_balance"]);
    let positions: Value = indexer.get_json(&format!("/api/pools/{}/positions", w.demo.pool));
    let counted: u64 = positions["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        counted, 5,
        "every demo position is in a bucket: {positions}"
    );
    // the exit queue: the demo pool's books are calm (its marks, if any, are covered) and
    // nobody asked to exit
    let exits: Value = indexer.get_json(&format!("/api/pools/{}/exits", w.demo.pool));
    assert_eq!(
        exits["requests"].as_array().map(Vec::len),
        Some(0),
        "{exits}"
    );
    // the live book under shocks: three rows, deeper shocks never losing less
    let stress: Value = indexer.get_json(&format!("/api/pools/{}/stress", w.demo.pool));
    let shocks = stress["shocks"].as_array().expect("shocks");
    let shock_bps: Vec<u64> = shocks
        .iter()
        .map(|r| r["shock_bps"].as_u64().unwrap())
        .collect();
    assert_eq!(shock_bps, [1_000, 2_000, 4_000], "{stress}");
    let bad: Vec<u128> = shocks
        .iter()
        .map(|r| r["bad_debt"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(bad.windows(2).all(|w| w[0] <= w[1]), "{stress}");
    let metrics = indexer.get_text("/metrics");
    assert!(
        metrics.contains("indexer_reconciliation_mismatches"),
        "{metrics}"
    );

    // the dashboard, in Chromium, shows the settlements and the books
    let expect = serde_json::json!({
        "pool": w.demo.pool,
        "slot_at_least": chain.last_slot,
        "settlements": chain.settlements.iter().map(|s| serde_json::json!({
            "seq": s.seq,
            "debt": s.debt.to_string(),
            "covered": s.covered.to_string(),
            "socialized": s.socialized.to_string(),
            "share_price_before_wad": s.share_price_before_wad.to_string(),
            "share_price_after_wad": s.share_price_after_wad.to_string(),
        })).collect::<Vec<_>>(),
        "exits": {
            "stressed": exits["stressed"],
            "requests": 0,
        },
        // interest moves the bad debt between two stresses; the rows and counts stay
        "stress": shocks.iter().map(|r| serde_json::json!({
            "shock_bps": r["shock_bps"].to_string(),
            "liquidatable": r["positions_liquidatable"].to_string(),
        })).collect::<Vec<_>>(),
        "books": {
            "cash": view["cash"].to_string(),
            "total_debt": view["total_debt"].to_string(),
            "lp_assets": view["lp_assets"].to_string(),
            "lp_supply": view["lp_supply"].to_string(),
        },
    });
    let screenshot = std::env::var("LENDING_POOL_SCREENSHOT")
        .unwrap_or_else(|_| w.dir.join("dashboard.png").display().to_string());
    w.browser_test(
        &indexer.url(&format!("/?pool={}", w.demo.pool)),
        &expect,
        &screenshot,
    );
    indexer.stop();
}
