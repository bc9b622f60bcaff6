//! `--from-chain` on a real validator: the local network's demo pool (five borrowers on two
//! collaterals, LPs, stakers) is snapshotted at one slot, loaded into the simulator's bank
//! and put through the default scenario's 40% crash. The snapshot holds the book as the
//! chain does, the stress liquidates what the strategy finds, and every settled debt is
//! split exactly between the insurance fund and the LPs.
use lending_pool_localnet::{demo, processes, validator};
use lending_pool_sim::{
    live::{run_from_chain, LiveSource, Snapshot},
    Scenario,
};
use std::path::Path;

#[test]
fn from_chain_stresses_the_demo_pools_live_book() {
    let (v, payer) = validator::start(&validator::Options::default()).unwrap();
    let url = v.rpc_url();
    let client = lending_pool_client::rpc::Client::new(&url, payer, Default::default());
    let dir = processes::scratch_dir(Path::new(env!("CARGO_TARGET_TMPDIR")), "from-chain");
    let d = demo::seed(&client, &dir.join("keys")).unwrap();
    let src = LiveSource {
        url: url.clone(),
        pool: d.pool(),
        base_oracle: d.base_oracle.parse().unwrap(),
        oracles: d
            .collaterals
            .iter()
            .map(|c| c.oracle.parse().unwrap())
            .collect(),
    };

    // the snapshot is the chain's book at one slot
    let snap = Snapshot::read(&url, &src.pool, &src.base_oracle, &src.oracles).unwrap();
    assert_eq!(snap.positions.len(), 5, "the demo's five borrowers");
    assert_eq!(snap.stakes.len(), 2, "the demo's two stakers");
    let pool_now = client.account_data(&src.pool).unwrap().unwrap();
    assert_eq!(snap.account(&src.pool).unwrap().data, pool_now);
    for k in &snap.positions {
        assert_eq!(snap.account(k).unwrap().owner, lending_pool_sdk::PROGRAM_ID);
    }

    let s = Scenario::load(
        &lending_pool_sdk::checkout::workspace_root().join("scenarios/crash-40pct-1h.toml"),
    )
    .unwrap();
    let (o, report) = run_from_chain(&src, &s, s.seed, &dir.join("report")).unwrap();
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
    assert!(text.contains(&format!("at slot {}", o.slot)), "{text}");
    assert!(text.contains("| liquidations / settlements |"), "{text}");
    eprintln!(
        "live stress: {liquidations} liquidations, bad debt {}, insurance {}, LPs {} ({:.2} bps)",
        o.bad_debt,
        o.insurance_drawn,
        o.socialized,
        o.lp_loss_bps()
    );
}
