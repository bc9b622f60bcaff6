//! One chart per swept parameter: the LPs' loss at each of its values, over every run with
//! that value (the other parameters and the seeds): its mean, p95 and max.
use super::table::Table;
use crate::charts::{xy_chart, Series};
use std::path::Path;

/// The outcome the charts draw.
pub const OUTCOME: &str = "lp_loss_bps";

/// Writes `<parameter>.png` for each of `parameters` with two values or more; returns
/// (parameter, file name) of each chart.
pub fn write(
    dir: &Path,
    t: &Table,
    parameters: &[String],
) -> Result<Vec<(String, String)>, String> {
    let y = t.f64_column(OUTCOME).ok_or("no lp_loss_bps column")?;
    let mut out = vec![];
    for p in parameters {
        let x = t.f64_column(p).ok_or(format!("no column {p}"))?;
        let series = by_value(&x, &y);
        if series[0].points.len() < 2 {
            continue;
        }
        let file = format!(
            "{}.png",
            p.replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "-")
        );
        xy_chart(
            &dir.join(&file),
            &format!("LP loss vs {p} (over the other parameters and the seeds)"),
            (p, "LP loss (bps of LP assets at the start)"),
            &series,
        )?;
        out.push((p.clone(), file));
    }
    Ok(out)
}

/// `y` grouped by the distinct values of `x`: mean, p95 (nearest rank) and max per value.
pub fn by_value(x: &[f64], y: &[f64]) -> [Series; 3] {
    let mut values: Vec<f64> = x.to_vec();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let stats: Vec<(f64, [f64; 3])> = values
        .iter()
        .map(|&v| {
            let mut ys: Vec<f64> = (x.iter().zip(y))
                .filter(|(a, _)| **a == v)
                .map(|(_, b)| *b)
                .collect();
            ys.sort_by(f64::total_cmp);
            let mean = ys.iter().sum::<f64>() / ys.len() as f64;
            let p95 = ys[crate::order_stats::nearest_rank(ys.len(), 95.0) - 1];
            (v, [mean, p95, ys[ys.len() - 1]])
        })
        .collect();
    let line = |name: &str, k: usize| Series {
        name: name.into(),
        points: stats.iter().map(|(v, s)| (*v, s[k])).collect(),
    };
    [line("mean", 0), line("p95", 1), line("max", 2)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_grouped_by_the_parameter_value() {
        let x = [2.0, 1.0, 2.0, 1.0];
        let y = [10.0, 0.0, 30.0, 4.0];
        let [mean, p95, max] = by_value(&x, &y);
        assert_eq!(mean.points, vec![(1.0, 2.0), (2.0, 20.0)]);
        assert_eq!(p95.points, vec![(1.0, 4.0), (2.0, 30.0)]);
        assert_eq!(max.points, p95.points);
    }
}
