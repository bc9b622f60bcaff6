//! `liquidator`: the reference liquidator bot. Every `--interval-secs` it lists the pool's
//! positions (getProgramAccounts), prices them from the oracle accounts as the program
//! would, liquidates or settles what pays, most valuable first, and marks the shortfalls it
//! left (`mark_shortfall`), so LP exits are priced net of them.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, ensure, Result};
use clap::Parser;
use lending_pool_cli::{
    amount::parse_amount,
    bot::{round, BotConfig},
    config,
    rpc::{Client, SendOptions},
};
use lending_pool_liquidator::{MarkConfig, StrategyConfig};
use lending_pool_sdk::constants::WAD;
use std::{process::ExitCode, time::Duration};

#[derive(Parser, Debug)]
#[command(
    name = "liquidator",
    version,
    about = "Reference liquidator bot for a lending pool"
)]
struct Args {
    /// RPC URL or moniker; default: the Solana CLI config's json_rpc_url.
    #[arg(short = 'u', long)]
    url: Option<String>,
    /// The bot's keypair (pays fees, repays debt, receives collateral).
    #[arg(short = 'k', long)]
    keypair: Option<String>,
    #[arg(short = 'C', long)]
    config: Option<std::path::PathBuf>,
    #[arg(long)]
    pool: Pubkey,
    /// The base asset's PriceUpdateV2 account.
    #[arg(long)]
    base_oracle: Pubkey,
    /// Collateral PriceUpdateV2 accounts, one per collateral slot, in slot order.
    #[arg(long = "oracle")]
    oracles: Vec<Pubkey>,
    /// Seconds between rounds.
    #[arg(long, default_value_t = 10)]
    interval_secs: u64,
    /// Run one round and exit.
    #[arg(long)]
    once: bool,
    /// Decide and log, send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Most base tokens one liquidation may repay (default: everything the bot holds).
    #[arg(long)]
    max_repay: Option<String>,
    /// Skip liquidations earning less than this (quote units, e.g. 0.5).
    #[arg(long, default_value = "0")]
    min_profit: String,
    /// Tolerated shortfall of the collateral paid out versus the plan (bps).
    #[arg(long, default_value_t = 50)]
    slippage_bps: u16,
    /// Transactions per round, most valuable first.
    #[arg(long, default_value_t = 16)]
    max_actions: usize,
    /// Priority fee, micro-lamports per compute unit.
    #[arg(long, default_value_t = 0)]
    priority_fee: u64,
    /// Compute-unit limit per transaction (a liquidation with settlement uses ~41,000).
    #[arg(long, default_value_t = 120_000)]
    compute_unit_limit: u32,
    /// Retries per transaction after a transport failure.
    #[arg(long, default_value_t = 2)]
    retries: u32,
    /// Do not sweep pending insurance.
    #[arg(long)]
    no_sweep: bool,
    /// Do not mark the shortfalls of positions the round left underwater (nor correct or
    /// release stale marks).
    #[arg(long)]
    no_mark: bool,
    /// Re-mark a position only when its shortfall moved by more than this (base tokens, e.g.
    /// 0.01); releases are always sent.
    #[arg(long, default_value = "0")]
    mark_tolerance: String,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("liquidator: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(a: Args) -> Result<()> {
    let (url, keypair_path) =
        config::resolve(a.url.as_deref(), a.keypair.as_deref(), a.config.as_deref())?;
    let payer = solana_keypair::read_keypair_file(&keypair_path)
        .map_err(|e| anyhow!("keypair {}: {e}", keypair_path.display()))?;
    let client = Client::new(
        &url,
        payer,
        SendOptions {
            priority_fee: a.priority_fee,
            compute_unit_limit: Some(a.compute_unit_limit),
            retries: a.retries,
        },
    );
    let pool = client.pool(&a.pool)?;
    ensure!(
        a.oracles.len() == pool.num_collaterals as usize,
        "the pool has {} collateral slots: give one --oracle per slot, in order",
        pool.num_collaterals
    );
    let max_repay = match &a.max_repay {
        Some(s) => parse_amount(s, pool.base_decimals)?,
        None => u64::MAX,
    };
    // quote units with 18 decimals (WAD)
    let min_profit = parse_amount(&a.min_profit, 9)? as u128 * (WAD / 1_000_000_000);
    let cfg = BotConfig {
        pool: a.pool,
        base_oracle: a.base_oracle,
        oracles: a.oracles,
        strategy: StrategyConfig {
            max_repay,
            min_profit_wad: min_profit,
            slippage_bps: a.slippage_bps,
        },
        max_actions: a.max_actions,
        dry_run: a.dry_run,
        sweep: !a.no_sweep,
        marks: (!a.no_mark).then_some(MarkConfig {
            tolerance: parse_amount(&a.mark_tolerance, pool.base_decimals)?,
        }),
    };
    println!(
        "liquidator {} watching pool {} on {url}",
        client.payer_key(),
        a.pool
    );
    loop {
        match round(&client, &cfg) {
            Ok(r) => {
                let s = r.stats;
                println!(
                    "round: {} positions, {} liquidatable ({} unprofitable, {} over budget, {} blocked), {} bankrupt, {} unpriced; liquidated {}, settled {}, marked {} ({} released), failed {}",
                    s.positions, s.liquidatable, s.unprofitable, s.over_budget, s.blocked, s.bankrupt,
                    s.missing_price, r.liquidated, r.settled, r.marked, r.released, r.failed
                );
                for line in r.log {
                    println!("  {line}");
                }
            }
            // a failed round (RPC down, account missing) is logged and retried next interval
            Err(e) => eprintln!("round failed: {e:#}"),
        }
        if a.once {
            return Ok(());
        }
        std::thread::sleep(Duration::from_secs(a.interval_secs));
    }
}
