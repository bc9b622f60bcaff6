//! The Monte Carlo report's "Value at risk" section: the LPs' loss, the insurance drawn and
//! the bad debt at the 50th, 95th and 99th percentiles of the runs (LaR / VaR), each with a
//! distribution-free confidence interval (`order_stats`).
use crate::{
    metrics::Summary,
    order_stats::{nearest_rank, percentile_interval, runs_for_bounds, RankInterval},
    report::fmt_tokens,
};
use std::fmt::Write;

pub const PERCENTILES: [f64; 3] = [50.0, 95.0, 99.0];
/// The intervals' confidence: each side misses with probability at most 2.5%.
pub const CONFIDENCE: f64 = 0.95;

/// One percentile of one measure: its nearest-rank value and its interval.
#[derive(Debug, Clone, PartialEq)]
pub struct PercentileRow {
    pub percentile: f64,
    pub value: u128,
    pub lower: Option<u128>,
    pub upper: Option<u128>,
    pub ranks: RankInterval,
}

/// `values` (one per run, any order) at each of `PERCENTILES`.
pub fn percentile_rows(values: &[u128]) -> Vec<PercentileRow> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    PERCENTILES
        .iter()
        .filter(|_| n > 0)
        .map(|&p| {
            let ranks = percentile_interval(n, p / 100.0, CONFIDENCE);
            let (lower, upper) = ranks.bounds(&sorted);
            PercentileRow {
                percentile: p,
                value: sorted[nearest_rank(n, p) - 1],
                lower,
                upper,
                ranks,
            }
        })
        .collect()
}

/// A measure of a run: its name, its value, and whether it is an amount of base tokens.
type Measure = (&'static str, fn(&Summary) -> u128, bool);

const MEASURES: [Measure; 4] = [
    (
        "LP loss (bps of LP assets at the start)",
        |x| x.lp_loss_bps as u128,
        false,
    ),
    ("LP loss (tokens written off)", |x| x.socialized, true),
    ("insurance drawn (tokens)", |x| x.insurance_covered, true),
    (
        "bad debt: settled + outstanding at the end (tokens)",
        |x| x.bad_debt_settled + x.outstanding_end as u128,
        true,
    ),
];

/// The section, from its `## ` heading.
pub fn section(runs: &[Summary], decimals: u8) -> String {
    let n = runs.len();
    let mut r = String::new();
    let _ = writeln!(
        r,
        "## Value at risk\n\n\
         Over {n} runs: each measure at the 50th, 95th and 99th percentile of the runs \
         (nearest rank: the ⌈p·{n}⌉-th smallest), with a {:.0}% confidence interval that \
         assumes nothing about the distribution: the l-th and u-th smallest runs, l and u \
         chosen so that the number of runs at or below the true percentile, Binomial({n}, p), \
         falls below l and at or above u each with probability at most 2.5%. *Coverage* is \
         that interval's exact probability for a continuous outcome (at least that with ties, \
         e.g. many runs without a loss). \"—\": too few runs to bound that side (both sides \
         of the p95 need {} runs, of the p99 {}).\n",
        CONFIDENCE * 100.0,
        runs_for_bounds(0.95, CONFIDENCE),
        runs_for_bounds(0.99, CONFIDENCE),
    );
    let _ = writeln!(
        r,
        "| measure | percentile | value | {:.0}% interval (rank of {n}) | coverage |\n\
         |---|---|---|---|---|",
        CONFIDENCE * 100.0
    );
    for (name, f, tokens) in MEASURES {
        let show = |x: u128| {
            if tokens {
                fmt_tokens(x, decimals)
            } else {
                x.to_string()
            }
        };
        // a bound and its rank, or "—" for a side the runs cannot bound
        let bound = |b: Option<u128>, rank: usize| {
            b.map_or("—".into(), |b| format!("{} (#{rank})", show(b)))
        };
        let values: Vec<u128> = runs.iter().map(f).collect();
        for row in percentile_rows(&values) {
            let _ = writeln!(
                r,
                "| {name} | p{} | {} | [{}, {}] | {:.2}% |",
                row.percentile,
                show(row.value),
                bound(row.lower, row.ranks.lower),
                bound(row.upper, row.ranks.upper),
                row.ranks.coverage * 100.0
            );
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_holds_its_percentile_within_its_interval() {
        // 200 runs, a loss in one run of five
        let v: Vec<u128> = (0..200u128)
            .map(|i| if i % 5 == 0 { i * 7 } else { 0 })
            .collect();
        let rows = percentile_rows(&v);
        assert_eq!(rows.len(), 3);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        for row in &rows {
            let rank = nearest_rank(v.len(), row.percentile);
            assert_eq!(row.value, sorted[rank - 1]);
            assert!(row.lower.is_none_or(|l| l <= row.value));
            assert!(row.upper.is_none_or(|u| u >= row.value));
            assert!(row.ranks.coverage >= CONFIDENCE);
        }
        // 200 runs bound the p95 on both sides but not the p99 from above
        assert!(rows[1].lower.is_some() && rows[1].upper.is_some());
        assert_eq!(rows[2].upper, None);
        assert_eq!(rows[0].value, 0);
    }

    #[test]
    fn no_runs_no_rows() {
        assert!(percentile_rows(&[]).is_empty());
    }
}
