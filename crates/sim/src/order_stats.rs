//! Distribution-free confidence intervals for a percentile, from order statistics.
//!
//! With `n` independent runs sorted `x(1) <= … <= x(n)`, the number of runs at or below the
//! true `p`-quantile is `B ~ Binomial(n, p)`, so `[x(l), x(u)]` covers it with probability
//! `P(l <= B <= u - 1)` whatever the distribution (exactly for a continuous one, at least
//! that for one with ties, such as a loss that is often zero). Rank 0 stands for −∞ and
//! rank `n + 1` for +∞: too few runs to bound that side.

/// An interval of ranks (1-based into the sorted runs) and its coverage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankInterval {
    /// 0: no lower bound.
    pub lower: usize,
    /// `n + 1`: no upper bound.
    pub upper: usize,
    /// `P(lower <= B <= upper - 1)`.
    pub coverage: f64,
}

impl RankInterval {
    /// The bounds as values of `sorted` (`None` for an unbounded side).
    pub fn bounds<T: Copy>(&self, sorted: &[T]) -> (Option<T>, Option<T>) {
        let at = |r: usize| (1..=sorted.len()).contains(&r).then(|| sorted[r - 1]);
        (at(self.lower), at(self.upper))
    }
}

/// `P(B = k)` for `k` in `0..=n`, `B ~ Binomial(n, p)`, in log space so that large `n`
/// does not underflow.
pub fn binomial_pmf(n: usize, p: f64) -> Vec<f64> {
    if p <= 0.0 || p >= 1.0 {
        let mut v = vec![0.0; n + 1];
        v[if p <= 0.0 { 0 } else { n }] = 1.0;
        return v;
    }
    let (lp, lq) = (p.ln(), (1.0 - p).ln());
    let mut ln_choose = 0.0f64;
    (0..=n)
        .map(|k| {
            if k > 0 {
                ln_choose += ((n - k + 1) as f64).ln() - (k as f64).ln();
            }
            (ln_choose + k as f64 * lp + (n - k) as f64 * lq).exp()
        })
        .collect()
}

/// The equal-tailed interval for the `p`-quantile (0 < p < 1) of `n` runs at `confidence`
/// (e.g. 0.95): the highest lower rank with `P(B < l) <= α/2` and the lowest upper rank
/// with `P(B >= u) <= α/2`, so each side misses with probability at most `α/2`.
pub fn percentile_interval(n: usize, p: f64, confidence: f64) -> RankInterval {
    let half = (1.0 - confidence) / 2.0;
    let pmf = binomial_pmf(n, p);
    // below[k] = P(B < k), for k in 0..=n+1
    let mut below = Vec::with_capacity(n + 2);
    let mut acc = 0.0;
    below.push(0.0);
    for q in &pmf {
        acc += q;
        below.push(acc);
    }
    let total = acc;
    // a tolerance for the sum's rounding, so an exact boundary is not lost to it
    let eps = 1e-12;
    let lower = (0..=n).rev().find(|&l| below[l] <= half + eps).unwrap_or(0);
    let upper = (1..=n + 1)
        .find(|&u| total - below[u] <= half + eps)
        .unwrap_or(n + 1);
    RankInterval {
        lower,
        upper,
        coverage: (below[upper] - below[lower]).clamp(0.0, 1.0),
    }
}

/// The nearest-rank `p`-percentile's rank (1-based) among `n` runs: `ceil(p/100 · n)`.
pub fn nearest_rank(n: usize, p: f64) -> usize {
    (((p / 100.0) * n as f64).ceil() as usize).clamp(1, n.max(1))
}

/// The fewest runs for which the interval of the `p`-quantile has both bounds.
pub fn runs_for_bounds(p: f64, confidence: f64) -> usize {
    // the upper bound exists once P(B = n) = p^n <= α/2 (the lower once (1 − p)^n is)
    let half = (1.0 - confidence) / 2.0;
    let need = |q: f64| (half.ln() / q.ln()).ceil() as usize;
    need(p).max(need(1.0 - p))
}

#[cfg(test)]
mod tests;
