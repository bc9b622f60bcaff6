//! `lending-pool-localnet`: starts a local validator with the program and the mock Pyth
//! receiver, seeds the demo pool, prints where everything is, and keeps running until
//! Ctrl-C. `./scripts/localnet.sh` builds the programs first and runs this.
//! `lending-pool-localnet price SOL 60` then moves a feed of the running network by hand.
use anyhow::{Context, Result};
use clap::Parser;
use lending_pool_client::rpc::{Client, SendOptions};
use lending_pool_localnet::{
    demo,
    price::{format_dollars, parse_dollars, publish, Feed},
    summary::Summary,
    validator,
};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "lending-pool-localnet",
    about = "A local validator with the lending pool and a demo pool",
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
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

#[derive(clap::Subcommand)]
enum Command {
    /// Publish a price on the running local network (and trade the demo's AMM pool to it):
    /// `price SOL 60` crashes SOL to $60.
    Price {
        /// A demo symbol (SOL, BTC, USDC) or a price account's address.
        feed: String,
        /// The new price in dollars (e.g. 60 or 60.25).
        dollars: String,
        /// The running network's directory (its `localnet.json`).
        #[arg(long, default_value = "target/localnet")]
        dir: PathBuf,
    },
}

fn main() -> Result<()> {
    let args = Args::parse();
    if let Some(Command::Price { feed, dollars, dir }) = &args.command {
        return price(dir, feed, dollars);
    }
    let ledger = args.dir.join("ledger");
    // a fresh chain each start: the demo's keypairs are written anew
    let _ = std::fs::remove_dir_all(&ledger);
    // and an index of the previous chain is no index of this one
    let _ = std::fs::remove_file(args.dir.join("index.db"));
    std::fs::create_dir_all(&args.dir)?;
    let (v, payer) = validator::start(&validator::Options {
        rpc_port: Some(args.rpc_port),
        ledger: Some(ledger),
        ..Default::default()
    })?;
    let client = Client::new(&v.rpc_url(), payer.insecure_clone(), SendOptions::default());
    let demo = if args.no_demo {
        None
    } else {
        let d = demo::seed(&client, &args.dir.join("keys"))?;
        print_demo(&d, &v.rpc_url());
        Some(d)
    };
    let file = Summary::new(v.rpc_url(), v.rpc_pubsub_url(), demo).write(&args.dir)?;
    println!("RPC {}  websocket {}", v.rpc_url(), v.rpc_pubsub_url());
    println!("Everything above, as JSON: {}", file.display());
    println!("Move a price: lending-pool-localnet price SOL 60");
    println!("localnet ready (Ctrl-C stops it)");
    // the validator runs on its own threads; this one only waits
    loop {
        std::thread::park();
    }
}

/// The demo's addresses and the commands that use them.
fn print_demo(d: &demo::Demo, url: &str) {
    let pool = &d.pool;
    let admin = d.keypairs["admin"].display();
    let bot = d.keypairs["liquidator"].display();
    println!(
        "Demo pool {pool} (base {}, 6 decimals; collateral SOL slot 0, BTC slot 1)",
        d.base_mint
    );
    println!("  lending-pool --url {url} --keypair {admin} pool show --pool {pool}");
    println!(
        "  liquidator --url {url} --keypair {bot} --pool {pool} {}",
        d.oracle_args().join(" ")
    );
    println!(
        "  lending-pool-indexer --url {url} --pool-oracles '{}'   # then open http://127.0.0.1:3030",
        d.pool_oracles
    );
}

/// `price FEED DOLLARS`: the network and the demo from `localnet.json`, signed by the demo's
/// admin (the feeds' write authority).
fn price(dir: &Path, feed: &str, dollars: &str) -> Result<()> {
    let price = parse_dollars(dollars)?;
    let summary = Summary::read(dir)?;
    let demo = summary.demo.as_ref();
    let admin = demo
        .and_then(|d| d.keypairs.get("admin"))
        .context("the feeds' authority is the demo's admin: start the network with its demo")?;
    let payer = solana_keypair::read_keypair_file(admin)
        .map_err(|e| anyhow::anyhow!("{}: {e}", admin.display()))?;
    let client = Client::new(&summary.rpc_url, payer, SendOptions::default());
    let target = Feed::resolve(demo, feed)?;
    let done = publish(&client, &target, price)?;
    println!(
        "{feed}: {} -> {} (oracle {}{})",
        format_dollars(done.before),
        format_dollars(done.after),
        target.oracle,
        if done.amm_traded {
            ", its AMM pool traded to the same price"
        } else {
            ""
        }
    );
    Ok(())
}
