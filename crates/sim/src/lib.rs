//! The stress simulator: runs a scenario (TOML under `scenarios/`) against the real SBF
//! program on an in-process bank, with LPs, borrowers, price paths and the reference
//! liquidator's decision library, and writes a Markdown report with PNG charts.
pub mod amm;
pub mod capital_comparison;
pub mod charts;
pub mod correlation;
pub mod economics;
pub mod engine;
pub mod live;
pub mod loss_share;
pub mod metrics;
pub mod monte_carlo;
pub mod order_stats;
pub mod parallel;
pub mod prices;
pub mod progress;
pub mod report;
pub mod scenario;
pub mod sweep;
pub mod value_at_risk;
pub mod who_bore_the_loss;

pub use engine::{run, RunResult};
pub use lending_pool_sdk::constants::WAD;
use metrics::Summary;
pub use scenario::Scenario;

use std::path::{Path, PathBuf};

/// Runs one scenario, again with the marking keeper the other way, and with marking on and
/// no exit delay, and writes `report.md` and the charts into `out_dir`: the scenario's own
/// run leads, "Who bore the loss" shows all three (marking on first). A scenario that sets
/// liquidator economics also gets the "Liquidators" section, and one whose bots hold
/// inventory and borrow flash loans both a fourth run without the flash-loan bots
/// (`capital_comparison`). Returns the scenario's own run, the other two runs' summaries
/// and the report's path.
pub async fn run_and_report(
    s: &Scenario,
    seed: u64,
    out_dir: &Path,
    progress: Option<engine::Progress<'_>>,
) -> Result<(RunResult, [Summary; 2], PathBuf), String> {
    let result = run(s, seed, progress).await?;
    let other = run(&s.with_marking(!s.marking), seed, None).await?;
    // the two-step exit's comparison: marking on, a stressed exit paid at once
    let no_delay = run(&s.with_marking(true).without_exit_delay(), seed, None).await?;
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let names: Vec<String> = s.collateral.iter().map(|c| c.name.clone()).collect();
    let d = result.summary.base_decimals;
    let mut charts = charts::write_run_charts(out_dir, &result.samples, &names, d)?;
    let (on, off) = if s.marking {
        (&result, &other)
    } else {
        (&other, &result)
    };
    let both = [on, off].map(|r| (&r.summary.loss, r.samples.as_slice()));
    charts.push(who_bore_the_loss::fund_chart(out_dir, &both, d)?);
    let who = who_bore_the_loss::section(
        &[&on.summary.loss, &no_delay.summary.loss, &off.summary.loss],
        s.step_secs,
        d,
    );
    let mut sections = economics_sections(s, seed, &result).await?;
    sections.push(who);
    let md = report::write_run_report(s, &result.summary, &sections, &charts);
    let path = out_dir.join("report.md");
    std::fs::write(&path, md).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((result, [other.summary, no_delay.summary], path))
}

/// The liquidator economics sections of `result`'s report (none unless the scenario sets
/// them): the bots and the AMMs, and the comparison of their capital.
async fn economics_sections(
    s: &Scenario,
    seed: u64,
    result: &RunResult,
) -> Result<Vec<String>, String> {
    let Some(e) = &result.summary.economics else {
        return Ok(vec![]);
    };
    let mut out = vec![report::liquidators_section(e, result.summary.base_decimals)];
    if s.compares_capital() {
        let inventory_only = run(&s.inventory_only(), seed, None).await?;
        out.push(capital_comparison::section(&inventory_only, result));
    }
    Ok(out)
}
