//! `sweep.md` beside a sweep's table: what was swept, how long it took, what the columns
//! mean, and the charts.
use super::{charts::OUTCOME, outcome::MEANINGS, plan::Plan, table::Table};
use std::fmt::Write;
use std::time::Duration;

/// How the table came about: run here (wall time, threads), or merged from shards.
pub enum Provenance {
    Ran { wall: Duration, jobs: usize },
    Merged,
}

pub fn write(plan: &Plan, t: &Table, how: &Provenance, charts: &[(String, String)]) -> String {
    let g = &plan.grid;
    let mut r = String::new();
    let _ = writeln!(r, "# Sweep: {}\n", g.file.display());
    let _ = writeln!(r, "Base scenario: `{}`.\n", g.scenario.display());
    let last = plan.first_seed.wrapping_add(plan.runs_per_point as u64 - 1);
    let seeds = match plan.runs_per_point {
        1 => format!("1 seed ({}) at every point", plan.first_seed),
        n => format!(
            "{n} seeds ({}–{last}, the same at every point)",
            plan.first_seed
        ),
    };
    let _ = writeln!(
        r,
        "{} runs: {} grid points × {seeds}, each run on its own in-process bank.\n",
        t.rows(),
        g.points(),
    );
    let _ = match how {
        Provenance::Ran { wall, jobs } => writeln!(
            r,
            "Took {:.1} s on {jobs} threads ({:.2} runs/s; this machine, wall clock).\n",
            wall.as_secs_f64(),
            t.rows() as f64 / wall.as_secs_f64().max(1e-9)
        ),
        Provenance::Merged => writeln!(r, "The table was merged from shards run apart.\n"),
    };
    let _ = writeln!(r, "| parameter | values |\n|---|---|");
    for p in &g.parameters {
        let v: Vec<String> = p.values.iter().map(|v| v.to_string()).collect();
        let also: String = p.also.iter().map(|a| format!(" (and `{a}`)")).collect();
        let _ = writeln!(r, "| `{}`{also} | {} |", p.path, v.join(", "));
    }
    let _ = writeln!(
        r,
        "\n`runs.csv` and `runs.parquet` hold the same rows: `run` (the index: point × seeds + \
         the seed's offset), `point`, `seed`, each parameter's value, then the outcome \
         (amounts in base units of the pool's base token):\n"
    );
    for (name, meaning) in MEANINGS {
        let _ = writeln!(r, "- `{name}`: {meaning}");
    }
    let _ = writeln!(r, "\n## Charts ({OUTCOME} by parameter value)\n");
    for (p, file) in charts {
        let _ = writeln!(r, "### {p}\n\n![{p}]({file})\n");
    }
    r
}
