//! `simulate`: run a stress scenario against the real program and write a risk report.
//!
//! ```sh
//! simulate scenarios/crash-40pct-1h.toml                 # one run → reports/<name>/report.md
//! simulate scenarios/crash-40pct-1h.toml --runs 32       # Monte Carlo → reports/<name>-mc/
//! simulate sweep sweeps/crash-grid.toml                   # a grid → reports/sweep-<grid>/
//! ```
use clap::Parser;
use lending_pool_sim::{monte_carlo, progress::bar, run_and_report, sweep, Scenario};
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
