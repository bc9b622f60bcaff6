//! Correlated price paths: a correlation matrix over the collateral assets (`[market]
//! correlation`), checked once at load and applied to each step's diffusion shocks through
//! its Cholesky factor (`z' = L·z` turns independent standard normals into ones with that
//! correlation). Jumps stay independent per asset.

/// Checks `m` is an `n`×`n` correlation matrix: finite, symmetric, unit diagonal, entries
/// within [−1, 1], positive definite (so it has a Cholesky factor).
pub fn validate(m: &[Vec<f64>], n: usize) -> Result<(), String> {
    let fail = |msg: String| Err(format!("market.correlation: {msg}"));
    if m.len() != n || m.iter().any(|row| row.len() != n) {
        return fail(format!(
            "must be {n}×{n}, one row and column per [[collateral]]"
        ));
    }
    for (i, row) in m.iter().enumerate() {
        for (j, &x) in row.iter().enumerate() {
            if !x.is_finite() || !(-1.0..=1.0).contains(&x) {
                return fail(format!("entry [{i}][{j}] = {x} is not within [-1, 1]"));
            }
            if (x - m[j][i]).abs() > 1e-12 {
                return fail(format!(
                    "not symmetric: [{i}][{j}] = {x}, [{j}][{i}] = {}",
                    m[j][i]
                ));
            }
        }
        if row[i] != 1.0 {
            return fail(format!("diagonal entry [{i}][{i}] = {} must be 1", row[i]));
        }
    }
    cholesky(m).map(|_| ())
}

/// The lower-triangular `L` with `L·Lᵀ = m`; an error when `m` is not positive definite.
pub fn cholesky(m: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, String> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let dot: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let pivot = m[i][i] - dot;
                // a pivot this small: an asset (nearly) a combination of the ones before it
                if pivot <= 1e-10 {
                    return Err(format!(
                        "market.correlation: not positive definite (asset {i} is a \
                         combination of the ones before it; correlations of ±1 are not allowed)"
                    ));
                }
                l[i][i] = pivot.sqrt();
            } else {
                l[i][j] = (m[i][j] - dot) / l[j][j];
            }
        }
    }
    Ok(l)
}

/// `L·z`: the row `i` of `L` against `z`.
pub fn mix(l: &[Vec<f64>], z: &[f64]) -> Vec<f64> {
    l.iter()
        .map(|row| row.iter().zip(z).map(|(a, b)| a * b).sum())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bad_matrices_are_named() {
        let err = |m: &[Vec<f64>], n| validate(m, n).unwrap_err();
        assert!(err(&[vec![1.0]], 2).contains("2×2"));
        assert!(err(&[vec![1.0, 0.5], vec![0.4, 1.0]], 2).contains("not symmetric"));
        assert!(err(&[vec![0.9, 0.5], vec![0.5, 1.0]], 2).contains("diagonal"));
        assert!(err(&[vec![1.0, 1.5], vec![1.5, 1.0]], 2).contains("within [-1, 1]"));
        assert!(err(&[vec![1.0, 1.0], vec![1.0, 1.0]], 2).contains("positive definite"));
        let inconsistent = [
            vec![1.0, 0.9, -0.9],
            vec![0.9, 1.0, 0.9],
            vec![-0.9, 0.9, 1.0],
        ];
        assert!(err(&inconsistent, 3).contains("positive definite"));
        assert!(validate(&[vec![1.0, 0.8], vec![0.8, 1.0]], 2).is_ok());
    }

    #[test]
    fn the_identity_mixes_nothing() {
        let id = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.0, 1.0, 0.0],
            vec![0.0, 0.0, 1.0],
        ];
        let l = cholesky(&id).unwrap();
        assert_eq!(l, id);
        let z = [0.3, -1.7, 2.5];
        assert_eq!(mix(&l, &z), z.to_vec());
    }

    /// The correlation matrix of the covariance `A·Aᵀ + εI` (A: `n`×`n` from `a`), exactly
    /// symmetric (each entry's products are summed in the same order both ways).
    fn correlation_of(a: &[f64], n: usize) -> Vec<Vec<f64>> {
        let row = |i: usize| &a[i * n..(i + 1) * n];
        let cov = |i: usize, j: usize| {
            let dot: f64 = row(i).iter().zip(row(j)).map(|(x, y)| x * y).sum();
            dot + if i == j { 0.1 } else { 0.0 }
        };
        let d: Vec<f64> = (0..n).map(|i| cov(i, i).sqrt()).collect();
        let entry = |i: usize, j: usize| {
            if i == j {
                1.0
            } else {
                cov(i, j) / (d[i] * d[j])
            }
        };
        (0..n)
            .map(|i| (0..n).map(|j| entry(i, j)).collect())
            .collect()
    }

    proptest! {
        /// Random correlation matrices: the factor reproduces them.
        #[test]
        fn the_factor_reproduces_the_matrix(a in proptest::collection::vec(-1.0f64..1.0, 16)) {
            let c = correlation_of(&a, 4);
            prop_assert!(validate(&c, 4).is_ok());
            let l = cholesky(&c).unwrap();
            for (i, row) in c.iter().enumerate() {
                for (j, &want) in row.iter().enumerate() {
                    let back: f64 = l[i].iter().zip(&l[j]).map(|(x, y)| x * y).sum();
                    prop_assert!((back - want).abs() < 1e-9);
                }
            }
        }
    }
}
