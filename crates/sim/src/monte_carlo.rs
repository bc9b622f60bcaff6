//! N seeded runs of one scenario in parallel (one bank per run, one thread per job).
use crate::{
    engine, metrics::Summary, parallel, report::fmt_tokens, scenario::Scenario, value_at_risk,
    who_bore_the_loss,
};
use std::fmt::Write;
use std::time::{Duration, Instant};

pub struct MonteCarlo {
    /// One summary per seed, in seed order.
    pub runs: Vec<Summary>,
    /// The same seeds with the marking keeper the other way (for "Who bore the loss").
    pub flipped: Vec<Summary>,
    /// The same seeds with marking on and no exit delay (the two-step exit's comparison).
    pub no_delay: Vec<Summary>,
    pub wall: Duration,
}

impl MonteCarlo {
    pub fn transactions(&self) -> u64 {
        self.runs
            .iter()
            .chain(&self.flipped)
            .map(|r| r.transactions_ok + r.transactions_failed)
            .sum()
    }
    pub fn tx_per_sec(&self) -> f64 {
        self.transactions() as f64 / self.wall.as_secs_f64().max(1e-9)
    }
}

/// Runs `seeds` on `jobs` threads, each seed with the marking keeper as the scenario says and
/// the other way; `done` is called after each seed with the count so far.
pub fn run_many(
    s: &Scenario,
    seeds: &[u64],
    jobs: usize,
    done: &(dyn Fn(usize) + Sync),
) -> Result<MonteCarlo, String> {
    let start = Instant::now();
    let flipped = s.with_marking(!s.marking);
    let no_delay = s.with_marking(true).without_exit_delay();
    let triples = parallel::run_indexed(
        seeds.len(),
        jobs,
        &|rt, i| {
            let seed = seeds[i];
            rt.block_on(async {
                let a = engine::run(s, seed, None).await?.summary;
                let b = engine::run(&flipped, seed, None).await?.summary;
                let c = engine::run(&no_delay, seed, None).await?.summary;
                Ok((a, b, c))
            })
        },
        done,
    )?;
    let (mut runs, mut flipped, mut no_delay) = (vec![], vec![], vec![]);
    for (a, b, c) in triples {
        runs.push(a);
        flipped.push(b);
        no_delay.push(c);
    }
    Ok(MonteCarlo {
        runs,
        flipped,
        no_delay,
        wall: start.elapsed(),
    })
}

/// The `p`-th percentile (nearest rank) of `values`.
pub fn percentile(values: &[u128], p: f64) -> u128 {
    if values.is_empty() {
        return 0;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
    v[rank.min(v.len()) - 1]
}

const PERCENTILES: [f64; 6] = [5.0, 25.0, 50.0, 75.0, 95.0, 99.0];

/// A column of the distribution table: its name, its value in a run, and whether that is an
/// amount of base tokens (shown with the base decimals) or a count.
type Measure = (&'static str, fn(&Summary) -> u128, bool);

const DISTRIBUTED: [Measure; 9] = [
    (
        "LP loss (bps of lp_assets)",
        |x| x.lp_loss_bps as u128,
        false,
    ),
    (
        "insurance used (bps of paid + left)",
        |x| x.insurance_depletion_bps as u128,
        false,
    ),
    ("socialized (tokens)", |x| x.socialized, true),
    (
        "covered by insurance (tokens)",
        |x| x.insurance_covered,
        true,
    ),
    (
        "peak shortfall (tokens)",
        |x| x.peak_shortfall as u128,
        true,
    ),
    ("liquidations", |x| x.liquidations as u128, false),
    (
        "missed (position-steps)",
        |x| x.missed_position_steps as u128,
        false,
    ),
    ("settlements", |x| x.settlements as u128, false),
    (
        "left underwater and unsettled at the end",
        |x| x.underwater_unsettled as u128,
        false,
    ),
];

/// The Monte Carlo report: what was run, the distribution of each measure across runs, the
/// value at risk, who bore the loss, every run's row, and the throughput.
pub fn write_report(s: &Scenario, mc: &MonteCarlo, jobs: usize) -> String {
    let d = mc.runs.first().map_or(6, |r| r.base_decimals);
    let mut r = String::new();
    header(&mut r, s, mc);
    distribution(&mut r, mc, d);
    let _ = writeln!(r, "{}", value_at_risk::section(&mc.runs, d));
    let (on, off) = if s.marking {
        (&mc.runs, &mc.flipped)
    } else {
        (&mc.flipped, &mc.runs)
    };
    let _ = writeln!(
        r,
        "{}",
        who_bore_the_loss::mc_section(on, &mc.no_delay, off, d)
    );
    runs_table(&mut r, mc, (on, off), d);
    let _ = writeln!(
        r,
        "\n## Throughput (this machine, wall clock; not part of the seeded results)\n\n\
         {} transactions in {:.1} s on {jobs} threads: **{:.0} simulated transactions per second**.",
        mc.transactions(),
        mc.wall.as_secs_f64(),
        mc.tx_per_sec()
    );
    r
}

/// The title and what was run.
fn header(r: &mut String, s: &Scenario, mc: &MonteCarlo) {
    let _ = writeln!(r, "# Monte Carlo: {}\n", s.name);
    let seeds: Vec<u64> = mc.runs.iter().map(|x| x.seed).collect();
    let _ = writeln!(
        r,
        "{} runs (seeds {}–{}) of {} steps of {} s, each on its own in-process bank.\n",
        mc.runs.len(),
        seeds.first().copied().unwrap_or(0),
        seeds.last().copied().unwrap_or(0),
        s.steps,
        s.step_secs
    );
}

/// "Distribution across runs": each measure's percentiles, max and mean, then how many
/// runs wrote the LPs down or ended frozen.
fn distribution(r: &mut String, mc: &MonteCarlo, d: u8) {
    let _ = writeln!(r, "## Distribution across runs\n");
    let _ = write!(r, "| metric |");
    for p in PERCENTILES {
        let _ = write!(r, " p{p} |");
    }
    let _ = writeln!(r, " max | mean |");
    let _ = writeln!(r, "|---{}|---|---|", "|---".repeat(PERCENTILES.len()));
    for (name, f, tokens) in DISTRIBUTED {
        let v: Vec<u128> = mc.runs.iter().map(f).collect();
        let show = |x: u128| {
            if tokens {
                fmt_tokens(x, d)
            } else {
                x.to_string()
            }
        };
        let _ = write!(r, "| {name} |");
        for p in PERCENTILES {
            let _ = write!(r, " {} |", show(percentile(&v, p)));
        }
        let max = v.iter().copied().max().unwrap_or(0);
        let mean = v.iter().sum::<u128>() / v.len().max(1) as u128;
        let _ = writeln!(r, " {} | {} |", show(max), show(mean));
    }
    let hit = mc.runs.iter().filter(|x| x.socialized > 0).count();
    let frozen = mc.runs.iter().filter(|x| x.final_frozen).count();
    let _ = writeln!(
        r,
        "\nRuns with a write-down: {hit} of {}; runs ending frozen: {frozen}.\n",
        mc.runs.len()
    );
}

/// "Runs": one row per seed, with the LPs' losses marking on and off (`on[i]` and
/// `off[i]` are seed `i`).
fn runs_table(r: &mut String, mc: &MonteCarlo, (on, off): (&[Summary], &[Summary]), d: u8) {
    let _ = writeln!(
        r,
        "## Runs\n\n| seed | LP loss bps | insurance used bps | socialized | liquidations | missed \
         | ran / stayed bps, marking on | ran / stayed bps, marking off |\n\
         |---|---|---|---|---|---|---|---|"
    );
    for ((x, a), b) in mc.runs.iter().zip(on).zip(off) {
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} | {} | {} | {:.2} / {:.2} | {:.2} / {:.2} |",
            x.seed,
            x.lp_loss_bps,
            x.insurance_depletion_bps,
            fmt_tokens(x.socialized, d),
            x.liquidations,
            x.missed_position_steps,
            a.loss.ran.loss_bps(),
            a.loss.stayed.loss_bps(),
            b.loss.ran.loss_bps(),
            b.loss.stayed.loss_bps()
        );
    }
}
