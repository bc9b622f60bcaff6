//! The report's "Who bore the loss" section: the same scenario and seed with the marking
//! keeper on and off, side by side (definitions in `loss_share`), and its fund chart.
use crate::{
    charts::{line_chart, Series},
    loss_share::LossShare,
    metrics::{Sample, Summary},
    report::fmt_tokens,
};
use std::{fmt::Write, path::Path};

fn on_off(l: &LossShare) -> String {
    match (l.marking, l.exit_delay_secs) {
        (false, _) => "marking off".into(),
        (true, 0) => "marking on, no exit delay".into(),
        (true, d) => format!("marking on, two-step exit ({d} s)"),
    }
}

/// The section's Markdown, one column per run in `runs`' order.
pub fn section(runs: &[&LossShare], step_secs: u32, decimals: u8) -> String {
    let mut table = Table::new(runs);
    table.lp_rows(step_secs, decimals);
    table.staker_rows(decimals);
    table.fund_rows(decimals);
    table.recovery_rows(decimals);
    let mut r = table.md;
    notes(&mut r);
    r
}

/// The section's table as it is written: a row at a time, one column per run.
struct Table<'a> {
    runs: &'a [&'a LossShare],
    md: String,
}

impl<'a> Table<'a> {
    /// The heading and the table's head: one column per run.
    fn new(runs: &'a [&'a LossShare]) -> Self {
        let mut md = String::new();
        let _ = writeln!(md, "## Who bore the loss\n");
        let _ = write!(md, "| |");
        for l in runs {
            let _ = write!(md, " {} |", on_off(l));
        }
        let _ = writeln!(md, "\n|---{}|", "|---".repeat(runs.len()));
        Self { runs, md }
    }

    fn row(&mut self, name: &str, f: &dyn Fn(&LossShare) -> String) {
        let _ = write!(self.md, "| {name} |");
        for l in self.runs {
            let _ = write!(self.md, " {} |", f(l));
        }
        let _ = writeln!(self.md);
    }

    /// When the loss showed, and how the LPs who ran and those who stayed fared.
    fn lp_rows(&mut self, step_secs: u32, decimals: u8) {
        let t = |v: u128| fmt_tokens(v, decimals);
        self.row("loss became visible", &|l| match l.visible_step {
            Some(s) => format!("step {s} ({:.2} h)", s as f64 * step_secs as f64 / 3_600.0),
            None => "never".into(),
        });
        self.row("LPs who ran / stayed", &|l| {
            format!("{} / {}", l.ran.lps, l.stayed.lps)
        });
        self.row("**LP loss, ran (bps)**", &|l| {
            format!("{:.2}", l.ran.loss_bps())
        });
        self.row("**LP loss, stayed (bps)**", &|l| {
            format!("{:.2}", l.stayed.loss_bps())
        });
        self.row("running saved (stayed − ran, bps)", &|l| {
            format!("{:.2}", l.running_saved_bps())
        });
        self.row("ran: in / out / held at the end", &|l| {
            let g = &l.ran;
            format!(
                "{} / {} / {}",
                t(g.value_in),
                t(g.value_out),
                t(g.value_held)
            )
        });
        self.row("stayed: in / out / held at the end", &|l| {
            let g = &l.stayed;
            format!(
                "{} / {} / {}",
                t(g.value_in),
                t(g.value_out),
                t(g.value_held)
            )
        });
    }

    /// How the insurance stakers fared.
    fn staker_rows(&mut self, decimals: u8) {
        let t = |v: u128| fmt_tokens(v, decimals);
        self.row("stakers who staked", &|l| l.stakers.stakers.to_string());
        self.row("staked / paid out / worth at the end", &|l| {
            let k = &l.stakers;
            format!(
                "{} / {} / {}",
                t(k.staked),
                t(k.paid_out),
                t(k.value_at_end)
            )
        });
        self.row("**staker loss (bps of staked)**", &|l| {
            format!("{:.2}", l.stakers.loss_bps())
        });
        self.row("**staker APY (simple, annualised)**", &|l| {
            format!("{:.2}%", l.stakers.apy_pct())
        });
    }

    /// The fund's path, and the marking keeper's, the runners' and the stakers'
    /// transactions.
    fn fund_rows(&mut self, decimals: u8) {
        let t = |v: u64| fmt_tokens(v as u128, decimals);
        self.row("insurance fund start / low / end", &|l| {
            format!(
                "{} / {} / {}",
                t(l.fund_start),
                t(l.fund_min),
                t(l.fund_end)
            )
        });
        self.row("marks sent (failed)", &|l| {
            format!("{} ({})", l.marks, l.marks_failed)
        });
        self.row("runners' redemptions done (failed)", &|l| {
            format!("{} ({})", l.runs, l.runs_failed)
        });
        self.row("stakers' transactions that failed", &|l| {
            l.stakers_failed.to_string()
        });
        self.row("stakers' requests that lapsed (cancelled)", &|l| {
            l.staker_lapses.to_string()
        });
    }

    /// A frozen pool's recovery, when any run froze.
    fn recovery_rows(&mut self, decimals: u8) {
        if !self.runs.iter().any(|l| l.recovery.frozen_step.is_some()) {
            return;
        }
        let at = |s: Option<u32>| s.map_or("never".to_string(), |s| format!("step {s}"));
        self.row("pool frozen (below the floor)", &|l| {
            at(l.recovery.frozen_step)
        });
        self.row("recapitalized for the LPs who lost", &|l| {
            format!(
                "{} at {}",
                fmt_tokens(l.recovery.recapitalized as u128, decimals),
                at(l.recovery.recapitalized_step)
            )
        });
        self.row("reopened (share price at the floor)", &|l| {
            at(l.recovery.reopened_step)
        });
    }
}

/// What the section's rows mean.
fn notes(r: &mut String) {
    let _ = writeln!(
        r,
        "\nBoth columns are the same seed: same prices, same actors. The loss *became visible* \
         at the first step a position's debt exceeded what its collateral repays with its \
         liquidation bonus at true prices (`Pool::shortfall_at`), or a mark stood. Only LPs \
         holding shares then count. An LP's loss is `value in − (value out + value held at the \
         end)`, value in its deposit, value out what it redeemed, value held its remaining \
         shares at the exit price (`lp_assets` net of the marked shortfall the fund does not \
         cover); a group's is the sum over its LPs, in bps of the sum of their deposits \
         (negative: a gain, the interest earned), shares in a pending exit request held. \
         *Ran*: the LPs who take everything out the first step they see trouble (a redemption \
         in a calm pool; in a stressed one an exit request, paid after `exit_delay_secs` at the \
         lesser of its value then and at the request, or at once with no exit delay); \
         *stayed*: the others. Stakers stake when the fund's \
         income over their window (12 steps unless set), annualised per unit of its net value, \
         beats their threshold, ask to unstake at the first \
         sign of trouble and are paid after the cooldown, within the pool's payout window \
         (`unstake_window_secs`): a staker who comes back later finds its request lapsed, \
         cancels it and asks again, its shares at risk all along; their loss is `staked − \
         paid out − worth at the end` in bps of staked, their APY the result over Σ staked × \
         years at risk. A frozen pool's recovery (when the scenario has a donor) is the \
         step it froze below its floor, the donor's `recapitalize` (accepted only while it is \
         frozen) and the guardian's `unfreeze`. With marking on, a keeper (re-)marks every position whose shortfall at the \
         oracle prices changed, each step before LPs and stakers act."
    );
}

/// The fund (ledger + pending) over time in each run, and in the marked run its value net
/// of the marks it would cover (what stakers' shares trade at) and the marked shortfall.
/// Marks move no money, so the runs' fund lines lie close; the marked run is drawn last.
pub fn fund_chart(
    dir: &Path,
    runs: &[(&LossShare, &[Sample])],
    decimals: u8,
) -> Result<(String, String), String> {
    let unit = 10f64.powi(decimals as i32);
    let line = |name: String, samples: &[Sample], f: fn(&Sample) -> u64| Series {
        name,
        points: samples
            .iter()
            .map(|x| (x.hours, f(x) as f64 / unit))
            .collect(),
    };
    let mut series = vec![];
    for (l, samples) in runs.iter().filter(|(l, _)| !l.marking) {
        series.push(line(
            format!("fund, {}", on_off(l)),
            samples,
            Sample::insurance,
        ));
    }
    for (l, samples) in runs.iter().filter(|(l, _)| l.marking) {
        series.push(line(
            format!("fund, {}", on_off(l)),
            samples,
            Sample::insurance,
        ));
        series.push(line("fund net of marks it covers".into(), samples, |x| {
            x.insurance().saturating_sub(x.insurance_covered_marks)
        }));
        series.push(line("marked shortfall".into(), samples, |x| {
            x.marked_shortfall
        }));
    }
    let title = "Insurance fund (ledger + pending), marking on and off";
    let file = "fund.png";
    line_chart(&dir.join(file), title, "base tokens", &series)?;
    Ok((title.to_string(), file.to_string()))
}

/// The `p`-th percentile (nearest rank) of `values`; 0 when empty.
pub fn percentile_f64(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
    v[rank.min(v.len()) - 1]
}

/// The Monte Carlo report's section: p5 / p50 / p95 across seeds of each measure, marking
/// on and off (`on[i]` and `off[i]` are the same seed).
pub fn mc_section(on: &[Summary], no_delay: &[Summary], off: &[Summary], decimals: u8) -> String {
    let unit = 10f64.powi(decimals as i32);
    type Measure = (&'static str, fn(&LossShare) -> f64);
    let measures: [Measure; 7] = [
        ("LP loss, ran (bps)", |l| l.ran.loss_bps()),
        ("LP loss, stayed (bps)", |l| l.stayed.loss_bps()),
        ("running saved (stayed − ran, bps)", |l| {
            l.running_saved_bps()
        }),
        ("staker loss (bps of staked)", |l| l.stakers.loss_bps()),
        ("staker APY (%)", |l| l.stakers.apy_pct()),
        ("insurance fund low (tokens)", |l| l.fund_min as f64),
        ("insurance fund at the end (tokens)", |l| l.fund_end as f64),
    ];
    let mut r = String::new();
    let _ = writeln!(
        r,
        "## Who bore the loss
"
    );
    let _ = writeln!(
        r,
        "Each seed runs with the marking keeper on (with the pool's two-step exit, and with no \
         exit delay: a stressed exit paid at once) and off (definitions in the single run's \
         report). Runs where the loss never became visible count with empty groups (0).\n"
    );
    let _ = writeln!(
        r,
        "| measure | on p5 | on p50 | on p95 | on, no delay p5 | on, no delay p50 | on, no delay p95 \
         | off p5 | off p50 | off p95 |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    for (name, f) in measures {
        let tokens = name.ends_with("(tokens)");
        let _ = write!(r, "| {name} |");
        for runs in [on, no_delay, off] {
            let v: Vec<f64> = runs
                .iter()
                .map(|x| f(&x.loss) / if tokens { unit } else { 1.0 })
                .collect();
            for p in [5.0, 50.0, 95.0] {
                let _ = write!(r, " {:.2} |", percentile_f64(&v, p));
            }
        }
        let _ = writeln!(r);
    }
    let seen = on.iter().filter(|x| x.loss.visible_step.is_some()).count();
    let _ = writeln!(
        r,
        "\nRuns where the loss became visible: {seen} of {}.",
        on.len()
    );
    r
}
