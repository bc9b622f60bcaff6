//! `simulate`: run a stress scenario against the real program and write a risk report.
//!
//! ```sh
//! simulate scenarios/crash-40pct-1h.toml                 # one run → reports/<name>/report.md
//! simulate scenarios/crash-40pct-1h.toml --runs 32       # Monte Carlo → reports/<name>-mc/
//! simulate scenarios/crash-40pct-1h.toml --from-chain http://127.0.0.1:8899 \
//!     --pool <POOL> --base-oracle <KEY> --oracle <KEY>   # the live book → reports/<name>-live/
//! simulate scenarios/crash-40pct-1h.toml --from-indexer http://127.0.0.1:8080 \
//!     --pool <POOL>                                      # the book an indexer serves
//! simulate sweep sweeps/crash-grid.toml                   # a grid → reports/sweep-<grid>/
//! ```
use clap::Parser;
use lending_pool_sim::{
    live::LiveSource, monte_carlo, progress::bar, run_and_report, sweep, Scenario,
};
use std::{path::PathBuf, process::ExitCode, time::Instant};

#[derive(Parser)]
#[command(
    about = "Stress-test the lending pool: run a scenario on the real SBF program and write a report",
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Scenario file (TOML).
    #[arg(default_value = "scenarios/crash-40pct-1h.toml")]
    scenario: PathBuf,
    /// Seed (default: the scenario's). Monte Carlo uses seed, seed+1, …
    #[arg(long)]
    seed: Option<u64>,
    /// Output directory (default: reports/<scenario name>, or reports/<name>-mc).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Monte Carlo: number of seeded runs (1 = a single run with charts).
    #[arg(long, default_value_t = 1)]
    runs: u32,
    /// Parallel runs in Monte Carlo mode (default: available cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    /// Stress the book on chain now instead of a synthetic one: its RPC URL (with --pool,
    /// --base-oracle and one --oracle per collateral slot).
    #[arg(long, requires_all = ["pool", "base_oracle"], conflicts_with = "from_indexer")]
    from_chain: Option<String>,
    /// Stress the live book an indexer serves (GET /api/pools/{pool}/book; the indexer
    /// knows the pool's oracles): its URL (with --pool).
    #[arg(long, requires = "pool")]
    from_indexer: Option<String>,
    /// The pool whose book --from-chain or --from-indexer reads.
    #[arg(long)]
    pool: Option<String>,
    /// The base asset's PriceUpdateV2 account (--from-chain).
    #[arg(long)]
    base_oracle: Option<String>,
    /// Each collateral slot's PriceUpdateV2 account, in slot order (--from-chain).
    #[arg(long = "oracle")]
    oracles: Vec<String>,
}

fn key(what: &str, s: &str) -> Result<anchor_lang::prelude::Pubkey, String> {
    s.parse()
        .map_err(|_| format!("{what} {s:?} is not a public key"))
}

/// `--from-chain` or `--from-indexer`: where the live book is.
fn live_source(args: &Args) -> Result<Option<LiveSource>, String> {
    let pool = || key("--pool", args.pool.as_deref().unwrap_or_default());
    if let Some(url) = &args.from_indexer {
        return Ok(Some(LiveSource::Indexer {
            url: url.clone(),
            pool: pool()?,
        }));
    }
    let Some(url) = &args.from_chain else {
        return Ok(None);
    };
    Ok(Some(LiveSource::Chain {
        url: url.clone(),
        pool: pool()?,
        base_oracle: key(
            "--base-oracle",
            args.base_oracle.as_deref().unwrap_or_default(),
        )?,
        oracles: args
            .oracles
            .iter()
            .map(|o| key("--oracle", o))
            .collect::<Result<_, _>>()?,
    }))
}

/// The scenario's path on the live book.
fn run_live(args: &Args, src: &LiveSource, s: &Scenario, seed: u64) -> Result<(), String> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(format!("{}-live", s.name)));
    let start = Instant::now();
    let (o, path) = lending_pool_sim::live::run_from_chain(src, s, seed, &out)?;
    println!("report: {}", path.display());
    println!(
        "live book at slot {}: {} positions; bad debt {} base units, insurance drawn {}, LPs bore {} ({:.2} bps); {:.1} s",
        o.slot,
        o.positions,
        o.bad_debt,
        o.insurance_drawn,
        o.socialized,
        o.lp_loss_bps(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

#[derive(clap::Subcommand)]
enum Command {
    /// Run a grid of parameter values × seeds: runs.csv, runs.parquet, a chart per parameter.
    Sweep(sweep::SweepArgs),
}

fn main() -> ExitCode {
    let args = Args::parse();
    // program-test logs every instruction at debug level; a simulation wants only errors
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("simulate: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    if let Some(Command::Sweep(a)) = args.command {
        return sweep::command(a);
    }
    let s = Scenario::load(&args.scenario)?;
    let seed = args.seed.unwrap_or(s.seed);
    if let Some(src) = live_source(&args)? {
        return run_live(&args, &src, &s, seed);
    }
    if args.runs <= 1 {
        let out = args
            .out
            .unwrap_or_else(|| PathBuf::from("reports").join(&s.name));
        let b = bar(s.steps as u64, args.quiet, "steps");
        let progress = |step: u32, _: u32| b.set_position(step as u64);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let start = Instant::now();
        let (result, other, path) = rt.block_on(run_and_report(&s, seed, &out, Some(&progress)))?;
        b.finish_and_clear();
        let secs = start.elapsed().as_secs_f64();
        let r = &result.summary;
        // the report's three runs: marking as the scenario says, the other way, and marking
        // on with no exit delay
        let txs = [r, &other[0], &other[1]]
            .iter()
            .map(|x| x.transactions_ok + x.transactions_failed)
            .sum::<u64>();
        println!("report: {}", path.display());
        println!(
            "{}: {} liquidations, {} settlements, socialized {} base units, LP loss {} bps, insurance depletion {} bps",
            s.name, r.liquidations, r.settlements, r.socialized, r.lp_loss_bps, r.insurance_depletion_bps
        );
        println!(
            "{txs} transactions in three runs (marking on, on with no exit delay, off) in {secs:.1} s (bank start and set-up included): {:.0} simulated tx/s",
            txs as f64 / secs
        );
        if s.compares_capital() {
            // its transactions are not counted above, its time is
            println!("(the time includes a fourth run, without the flash-loan liquidators)");
        }
        return Ok(());
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let seeds: Vec<u64> = (0..args.runs as u64)
        .map(|i| seed.wrapping_add(i))
        .collect();
    let b = bar(seeds.len() as u64, args.quiet, "runs");
    let mc = monte_carlo::run_many(&s, &seeds, jobs, &|n| b.set_position(n as u64))?;
    b.finish_and_clear();
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("reports").join(format!("{}-mc", s.name)));
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let path = out.join("report.md");
    std::fs::write(&path, monte_carlo::write_report(&s, &mc, jobs))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    println!("report: {}", path.display());
    println!(
        "{} runs, {} transactions in {:.1} s on {jobs} threads: {:.0} simulated tx/s",
        mc.runs.len(),
        mc.transactions(),
        mc.wall.as_secs_f64(),
        mc.tx_per_sec()
    );
    Ok(())
}
