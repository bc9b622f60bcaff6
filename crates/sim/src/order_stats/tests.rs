use super::*;
use proptest::prelude::*;
use rand_chacha::{
    rand_core::{Rng, SeedableRng},
    ChaCha8Rng,
};

/// `P(l <= B <= u - 1)` for `B ~ Binomial(n, a/100)` as an exact fraction (numerator over
/// 100^n), in integers: n <= 16 keeps 100^n within a u128.
fn exact_coverage(n: usize, a: u128, l: usize, u: usize) -> (u128, u128) {
    let choose =
        |n: usize, k: usize| (0..k).fold(1u128, |c, i| c * (n - i) as u128 / (i as u128 + 1));
    let num = (l..u.min(n + 1))
        .map(|k| choose(n, k) * a.pow(k as u32) * (100 - a).pow((n - k) as u32))
        .sum();
    (num, 100u128.pow(n as u32))
}

#[test]
fn coverage_is_the_exact_binomial_sum() {
    for n in 1..=16 {
        for a in [50u128, 95, 99] {
            let iv = percentile_interval(n, a as f64 / 100.0, 0.95);
            let (num, den) = exact_coverage(n, a, iv.lower, iv.upper);
            let exact = num as f64 / den as f64;
            assert!(
                (iv.coverage - exact).abs() < 1e-12,
                "n {n} p {a}: {iv:?} vs {exact}"
            );
            assert!(iv.coverage >= 0.95, "n {n} p {a}: {iv:?}");
        }
    }
}

#[test]
fn the_textbook_median_interval() {
    // n = 100: the 40th and 61st smallest runs, 96.5%
    let iv = percentile_interval(100, 0.5, 0.95);
    assert_eq!((iv.lower, iv.upper), (40, 61));
    assert!((iv.coverage - 0.964_799_799_782_295).abs() < 1e-12);
    // the p99 of 1,000 runs: the 983rd and the 997th
    let iv = percentile_interval(1000, 0.99, 0.95);
    assert_eq!((iv.lower, iv.upper), (983, 997));
}

#[test]
fn too_few_runs_leave_a_side_unbounded_until_runs_for_bounds() {
    for p in [0.5, 0.95, 0.99] {
        let n = runs_for_bounds(p, 0.95);
        let iv = percentile_interval(n, p, 0.95);
        assert!(iv.lower >= 1 && iv.upper <= n, "p {p}, n {n}: {iv:?}");
        let iv = percentile_interval(n - 1, p, 0.95);
        assert!(iv.lower == 0 || iv.upper == n, "p {p}, n {}: {iv:?}", n - 1);
    }
    assert_eq!(runs_for_bounds(0.99, 0.95), 368);
    let iv = percentile_interval(16, 0.99, 0.95);
    assert_eq!(iv.upper, 17);
    assert_eq!(iv.bounds(&[0u8; 16]).1, None);
}

#[test]
fn the_interval_covers_as_often_as_it_says() {
    // uniform runs: the true p-quantile is p itself
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for (n, p) in [(40, 0.5), (60, 0.95), (30, 0.8)] {
        let iv = percentile_interval(n, p, 0.95);
        let trials = 4_000;
        let hits = (0..trials)
            .filter(|_| {
                let mut x: Vec<f64> = (0..n)
                    .map(|_| rng.next_u64() as f64 / 2f64.powi(64))
                    .collect();
                x.sort_by(f64::total_cmp);
                let (lo, hi) = iv.bounds(&x);
                lo.is_none_or(|v| v <= p) && hi.is_none_or(|v| v >= p)
            })
            .count();
        let seen = hits as f64 / trials as f64;
        let sd = (iv.coverage * (1.0 - iv.coverage) / trials as f64).sqrt();
        assert!(
            (seen - iv.coverage).abs() < 4.0 * sd + 1e-3,
            "n {n} p {p}: {seen} vs {iv:?}"
        );
    }
}

#[test]
fn nearest_rank_matches_the_monte_carlo_percentile() {
    let v: Vec<u128> = (1..=100).collect();
    for p in [5.0, 50.0, 95.0, 99.0, 100.0] {
        let r = nearest_rank(v.len(), p);
        assert_eq!(v[r - 1], crate::monte_carlo::percentile(&v, p));
    }
    assert_eq!(nearest_rank(1, 99.0), 1);
}

proptest! {
    #[test]
    fn the_interval_holds_the_estimate_and_its_confidence(n in 1usize..3_000, pct in 1u32..100) {
        let p = pct as f64 / 100.0;
        let iv = percentile_interval(n, p, 0.95);
        let r = nearest_rank(n, pct as f64);
        prop_assert!(iv.lower <= r && r <= iv.upper, "{iv:?} rank {r}");
        prop_assert!(iv.coverage >= 0.95 - 1e-9, "{iv:?}");
        prop_assert!(iv.lower <= n && iv.upper >= 1 && iv.upper <= n + 1);
    }

    #[test]
    fn the_pmf_sums_to_one(n in 0usize..5_000, p in 0.0f64..1.0) {
        let s: f64 = binomial_pmf(n, p).iter().sum();
        prop_assert!((s - 1.0).abs() < 1e-9, "{s}");
    }
}
