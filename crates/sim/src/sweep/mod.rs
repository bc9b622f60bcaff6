//! `simulate sweep <grid.toml>`: a grid of runs over a scenario's parameters (collateral
//! settings, insurance, the rate curve, the exit delay, the shocks' depth …) times seeds,
//! one row per run in `runs.csv` and `runs.parquet`, a chart per swept parameter, and
//! `sweep.md`. `--shard K/N` runs a deterministic part of the runs (tables only), so a
//! cluster (`tools/dask-sweep`) can run the parts apart and merge the tables; `--charts-only`
//! then draws the charts from the merged `runs.csv`.
//!
//! The files: `grid` (the grid file), `overrides` (a point's scenario), `plan` (the runs and
//! their indices), `execute` (running them), `outcome` (what a run records), `table` (rows
//! and CSV), `parquet`, `charts` and `notes` (`sweep.md`).
pub mod charts;
pub mod execute;
pub mod grid;
pub mod notes;
pub mod outcome;
pub mod overrides;
pub mod parquet;
pub mod plan;
pub mod table;

use plan::{Plan, Shard};
use std::path::{Path, PathBuf};
use table::Table;

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// Grid file (TOML): the base scenario and the values of each swept parameter.
    pub grid: PathBuf,
    /// Output directory (default: reports/sweep-<grid file name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Parallel runs (default: available cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Run only the runs whose index % N == K ("K/N"): the tables, no charts.
    #[arg(long)]
    pub shard: Option<Shard>,
    /// Seeded runs per grid point (default: the grid's runs_per_point).
    #[arg(long)]
    pub runs_per_point: Option<u32>,
    /// Run nothing: draw the charts and sweep.md from <out>/runs.csv (a merged table).
    #[arg(long, conflicts_with = "shard")]
    pub charts_only: bool,
    /// Run nothing: print the number of runs (of the shard, with --shard).
    #[arg(long)]
    pub count: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// The command: runs the grid (or its shard) and writes the tables, charts and notes.
pub fn command(args: SweepArgs) -> Result<(), String> {
    let plan = Plan::new(grid::Grid::load(&args.grid)?, args.runs_per_point)?;
    if args.count {
        println!("{}", plan.runs(args.shard).len());
        return Ok(());
    }
    let stem = args
        .grid
        .file_stem()
        .map(|s| s.to_string_lossy().to_string());
    let out = (args.out.clone()).unwrap_or_else(|| {
        PathBuf::from("reports").join(format!("sweep-{}", stem.unwrap_or_default()))
    });
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    if args.charts_only {
        let csv = out.join("runs.csv");
        let text = std::fs::read_to_string(&csv).map_err(|e| format!("{}: {e}", csv.display()))?;
        let t = Table::from_csv(&text).map_err(|e| format!("{}: {e}", csv.display()))?;
        return finish(&out, &plan, &t, &notes::Provenance::Merged);
    }
    let jobs =
        (args.jobs).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let runs = plan.runs(args.shard);
    let (rows, wall) = execute::run_all(&plan, &runs, jobs, args.quiet)?;
    let t = Table::build(&plan, &rows);
    write_tables(&out, &t)?;
    println!(
        "{} runs in {:.1} s on {jobs} threads ({:.2} runs/s): {}",
        t.rows(),
        wall.as_secs_f64(),
        t.rows() as f64 / wall.as_secs_f64().max(1e-9),
        out.join("runs.csv").display()
    );
    if args.shard.is_none() {
        finish(&out, &plan, &t, &notes::Provenance::Ran { wall, jobs })?;
    }
    Ok(())
}

/// `runs.csv` and `runs.parquet` in `out`.
pub fn write_tables(out: &Path, t: &Table) -> Result<(), String> {
    let csv = out.join("runs.csv");
    std::fs::write(&csv, t.to_csv()).map_err(|e| format!("{}: {e}", csv.display()))?;
    parquet::write(t, &out.join("runs.parquet"))
}

/// The charts and `sweep.md` of the whole table `t`.
fn finish(out: &Path, plan: &Plan, t: &Table, how: &notes::Provenance) -> Result<(), String> {
    let params: Vec<String> = plan
        .grid
        .parameters
        .iter()
        .map(|p| p.path.clone())
        .collect();
    let drawn = charts::write(out, t, &params)?;
    let md = out.join("sweep.md");
    std::fs::write(&md, notes::write(plan, t, how, &drawn))
        .map_err(|e| format!("{}: {e}", md.display()))?;
    println!("sweep: {}", md.display());
    Ok(())
}
