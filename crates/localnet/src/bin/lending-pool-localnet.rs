//! `lending-pool-localnet`: starts a local validator with the program and the mock Pyth
//! receiver, seeds the demo pool, prints where everything is, and keeps running until
//! Ctrl-C. `./scripts/localnet.sh` builds the programs first and runs this.
use anyhow::Result;
use clap::Parser;
use lending_pool_client::rpc::{Client, SendOptions};
use lending_pool_localnet::{demo, validator};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "lending-pool-localnet",
    about = "A local validator with the lending pool and a demo pool"
)]
struct Args {
    /// RPC port (the websocket listens on the next one).
    #[arg(long, default_value_t = 8899)]
    rpc_port: u16,
    /// Where the ledger, the keypairs and `localnet.json` go.
    #[arg(long, default_value = "target/localnet")]
    dir: PathBuf,
    /// Start the validator without seeding the demo pool.
    #[arg(long)]
    no_demo: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let ledger = args.dir.join("ledger");
    // a fresh chain each start: the demo's keypairs are written anew
    let _ = std::fs::remove_dir_all(&ledger);
    // and an index of the previous chain is no index of this one
    let _ = std::fs::remove_file(args.dir.join("index.db"));
    std::fs::create_dir_all(&args.dir)?;
    let (v, payer) = validator::start(&validator::Options {
        rpc_port: Some(args.rpc_port),
        ledger: Some(ledger),
    })?;
    let client = Client::new(&v.rpc_url(), payer.insecure_clone(), SendOptions::default());
    let mut summary = serde_json::json!({
        "rpc_url": v.rpc_url(),
        "ws_url": v.rpc_pubsub_url(),
        "program_id": lending_pool_sdk::PROGRAM_ID.to_string(),
        "pyth_receiver": mock_pyth_receiver_id(),
    });
    if !args.no_demo {
        let d = demo::seed(&client, &args.dir.join("keys"))?;
        summary["demo"] = serde_json::to_value(&d)?;
        let pool = d.pool.clone();
        let admin = d.keypairs["admin"].display().to_string();
        let bot = d.keypairs["liquidator"].display().to_string();
        println!(
            "Demo pool {pool} (base {}, 6 decimals; collateral SOL slot 0, BTC slot 1)",
            d.base_mint
        );
        println!(
            "  lending-pool --url {} --keypair {admin} pool show --pool {pool}",
            v.rpc_url()
        );
        println!(
            "  liquidator --url {} --keypair {bot} --pool {pool} {}",
            v.rpc_url(),
            d.oracle_args().join(" ")
        );
        println!("  lending-pool-indexer --url {} --pool-oracles '{}'   # then open http://127.0.0.1:3030", v.rpc_url(), d.pool_oracles);
    }
    let file = args.dir.join("localnet.json");
    std::fs::write(&file, serde_json::to_string_pretty(&summary)?)?;
    println!("RPC {}  websocket {}", v.rpc_url(), v.rpc_pubsub_url());
    println!("Everything above, as JSON: {}", file.display());
    println!("localnet ready (Ctrl-C stops it)");
    // the validator runs on its own threads; this one only waits
    loop {
        std::thread::park();
    }
}

fn mock_pyth_receiver_id() -> String {
    lending_pool_sdk::constants::PYTH_RECEIVER_PROGRAM_ID.to_string()
}
