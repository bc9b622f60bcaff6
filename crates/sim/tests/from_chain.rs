//! `--from-chain` and `--from-indexer` on a real validator: the local network's demo pool
//! (five borrowers on two collaterals, LPs, stakers) is snapshotted at one slot, loaded into
//! the simulator's bank and put through the default scenario's 40% crash. The snapshot holds
//! the book as the chain does, the stress liquidates what the strategy finds, and every
//! settled debt is split exactly between the insurance fund and the LPs. The indexer,
//! following the same validator, serves the same book (`GET /api/pools/{pool}/book`), and
//! the stress of its book is the stress of the chain's, to the unit.
use lending_pool_localnet::{
    demo,
    processes::{self, Service},
    validator,
};
use lending_pool_sim::{
    live::{run_on, LiveSource, Snapshot},
    Scenario,
};
use std::{path::Path, process::Command, time::Duration};

#[test]
fn from_chain_stresses_the_demo_pools_live_book() {
    let (v, payer) = validator::start(&validator::Options::default()).unwrap();
    let url = v.rpc_url();
    let client = lending_pool_client::rpc::Client::new(&url, payer, Default::default());
    let dir = processes::scratch_dir(Path::new(env!("CARGO_TARGET_TMPDIR")), "from-chain");
    let d = demo::seed(&client, &dir.join("keys")).unwrap();
    let (pool, base_oracle) = (d.pool(), d.base_oracle.parse().unwrap());
    let oracles: Vec<_> = d
        .collaterals
        .iter()
        .map(|c| c.oracle.parse().unwrap())
        .collect();
    let src = LiveSource::Chain {
        url: url.clone(),
        pool,
        base_oracle,
        oracles: oracles.clone(),
    };

    // the snapshot is the chain's book at one slot
    let snap = src.snapshot().unwrap();
    assert_eq!(snap.positions.len(), 5, "the demo's five borrowers");
    assert_eq!(snap.stakes.len(), 2, "the demo's two stakers");
    let pool_now = client.account_data(&pool).unwrap().unwrap();
    assert_eq!(snap.account(&pool).unwrap().data, pool_now);
    for k in &snap.positions {
        assert_eq!(snap.account(k).unwrap().owner, lending_pool_sdk::PROGRAM_ID);
    }

    let s = Scenario::load(
        &lending_pool_sdk::checkout::workspace_root().join("scenarios/crash-40pct-1h.toml"),
    )
    .unwrap();
    let (o, report) = run_on(&snap, &s, s.seed, &dir.join("report")).unwrap();
    assert_eq!(o.positions, 5);
    let liquidations: u32 = o.steps.iter().map(|x| x.liquidations).sum();
    assert!(
        liquidations > 0,
        "a 40% crash liquidates the demo's close borrowers: {o:?}"
    );
    assert_eq!(
        o.bad_debt,
        o.insurance_drawn + o.socialized,
        "every settled debt is borne by someone"
    );
    assert_eq!(o.steps.len(), s.steps as usize);
    let text = std::fs::read_to_string(report).unwrap();
    assert!(
        text.contains(&format!(
            "at slot {} (chain time {})",
            o.slot, snap.unix_time
        )),
        "{text}"
    );
    assert!(text.contains("| liquidations / settlements |"), "{text}");
    eprintln!(
        "live stress: {liquidations} liquidations, bad debt {}, insurance {}, LPs {} ({:.2} bps)",
        o.bad_debt,
        o.insurance_drawn,
        o.socialized,
        o.lp_loss_bps()
    );

    // the indexer's data: the book it serves is the chain's, account by account (nothing
    // moves on the demo's chain meanwhile), and stressing it gives the same outcome
    let indexer = Indexer::spawn(&url, &v.rpc_pubsub_url(), &dir, &d.pool_oracles);
    let (status, body) =
        processes::http_get(&indexer.addr, &format!("/api/pools/{pool}/book")).unwrap();
    assert_eq!(status, 200, "{body}");
    let served = Snapshot::from_json(&serde_json::from_str(&body).unwrap()).unwrap();
    assert!(served.slot >= snap.slot);
    assert_eq!(served.pool, pool);
    assert_eq!(
        (&served.positions, &served.stakes),
        (&snap.positions, &snap.stakes)
    );
    assert_eq!(
        (served.base_oracle, &served.oracles),
        (base_oracle, &oracles)
    );
    assert_eq!(
        served.accounts, snap.accounts,
        "the indexer's book is the chain's"
    );

    // as a risk analyst runs it: the report is the chain book's, stressed from the slot and
    // clock the indexer read it at (a stress depends on the book and its clock alone)
    let out = dir.join("via-indexer");
    let run = Command::new(env!("CARGO_BIN_EXE_simulate"))
        .arg(lending_pool_sdk::checkout::workspace_root().join("scenarios/crash-40pct-1h.toml"))
        .args(["--from-indexer", &format!("http://{}", indexer.addr)])
        .args(["--pool", &d.pool, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let via_indexer = std::fs::read_to_string(out.join("report.md")).unwrap();
    let number_after = |r: &str, label: &str| -> i64 {
        let at = r.find(label).expect(label) + label.len();
        r[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let at = Snapshot {
        slot: number_after(&via_indexer, "at slot ") as u64,
        unix_time: number_after(&via_indexer, "(chain time "),
        ..snap.clone()
    };
    assert!(at.unix_time >= snap.unix_time);
    let (_, expected) = run_on(&at, &s, s.seed, &dir.join("chain-at-indexer-time")).unwrap();
    assert_eq!(
        via_indexer,
        std::fs::read_to_string(expected).unwrap(),
        "simulate --from-indexer reports the chain's book"
    );

    // a pool the indexer has no oracles for is refused by name, and the simulator says so
    let other = anchor_lang::prelude::Pubkey::new_unique();
    let (status, body) =
        processes::http_get(&indexer.addr, &format!("/api/pools/{other}/book")).unwrap();
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("no oracle accounts configured"), "{body}");
    let e = LiveSource::Indexer {
        url: format!("http://{}", indexer.addr),
        pool: other,
    }
    .snapshot()
    .unwrap_err();
    assert!(e.contains("404") && e.contains("no oracle accounts"), "{e}");
    indexer.process.stop();
}

/// The indexer, following the validator, with the demo pool's oracles.
struct Indexer {
    process: Service,
    addr: String,
}

impl Indexer {
    fn spawn(url: &str, ws_url: &str, dir: &Path, pool_oracles: &str) -> Self {
        let bin = processes::sibling_bin(env!("CARGO_BIN_EXE_simulate"), "lending-pool-indexer");
        let mut cmd = Command::new(bin);
        cmd.args(["--url", url, "--ws-url", ws_url])
            .arg("--database-url")
            .arg(format!(
                "sqlite:{}?mode=rwc",
                dir.join("index.db").display()
            ))
            .args(["--listen", "127.0.0.1:0", "--pool-oracles", pool_oracles])
            .env("INDEXER_LOG", "error");
        let mut process = Service::spawn(cmd);
        let addr = process.wait_for_line("listening on http://", Duration::from_secs(60));
        Self { process, addr }
    }
}
