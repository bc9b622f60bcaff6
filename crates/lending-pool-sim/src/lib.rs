//! The stress simulator: runs a scenario (TOML under `scenarios/`) against the real SBF
//! program on an in-process bank, with LPs, borrowers, price paths and the reference
//! liquidator's decision library, and writes a Markdown report with PNG charts.
pub mod charts;
pub mod engine;
pub mod metrics;
pub mod monte_carlo;
pub mod prices;
pub mod report;
pub mod scenario;

pub use engine::{run, RunResult};
pub use lending_pool_sdk::constants::WAD;
pub use scenario::Scenario;

use std::path::{Path, PathBuf};

/// Runs one scenario and writes `report.md` and the charts into `out_dir`.
pub async fn run_and_report(
    s: &Scenario,
    seed: u64,
    out_dir: &Path,
    progress: Option<engine::Progress<'_>>,
) -> Result<(RunResult, PathBuf), String> {
    let result = run(s, seed, progress).await?;
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let names: Vec<String> = s.collateral.iter().map(|c| c.name.clone()).collect();
    let charts = charts::write_run_charts(
        out_dir,
        &result.samples,
        &names,
        result.summary.base_decimals,
    )?;
    let md = report::write_run_report(s, &result.summary, &charts);
    let path = out_dir.join("report.md");
    std::fs::write(&path, md).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((result, path))
}
