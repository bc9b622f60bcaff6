//! Running a sweep's runs: every point's scenario built (and so checked) first, then the
//! runs on a few threads, one bank each, with the progress bar.
use super::{
    outcome::Outcome,
    plan::{Plan, Run},
};
use crate::{engine, parallel, progress};
use std::time::{Duration, Instant};

/// Runs `runs` of `plan` on `jobs` threads; returns each with its outcome (in `runs`' order)
/// and the wall time.
pub fn run_all(
    plan: &Plan,
    runs: &[Run],
    jobs: usize,
    quiet: bool,
) -> Result<(Vec<(Run, Outcome)>, Duration), String> {
    let scenarios = plan.scenarios(runs)?;
    let bar = progress::bar(runs.len() as u64, quiet, "runs");
    let start = Instant::now();
    let outcomes = parallel::run_indexed(
        runs.len(),
        jobs,
        &|rt, i| {
            let r = runs[i];
            let s = &scenarios[&r.point];
            let result = rt.block_on(engine::run(s, r.seed, None));
            result
                .and_then(|x| Outcome::of(&x))
                .map_err(|e| format!("run {} (point {}, seed {}): {e}", r.index, r.point, r.seed))
        },
        &|n| bar.set_position(n as u64),
    )?;
    bar.finish_and_clear();
    Ok((
        runs.iter().copied().zip(outcomes).collect(),
        start.elapsed(),
    ))
}
