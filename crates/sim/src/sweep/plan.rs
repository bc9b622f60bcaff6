//! A sweep's runs: the grid's points (the product of the parameters' values, the last
//! varying fastest) times the seeds, each with a stable index `point · runs_per_point +
//! seed offset`, so that a shard (`--shard K/N`: the indices with `index % N == K`) runs
//! the same runs whoever runs it.
use super::{grid::Grid, overrides};
use crate::scenario::Scenario;
use std::collections::BTreeMap;
use toml::Value;

/// One run: its index, its grid point and its seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub index: u64,
    pub point: u64,
    pub seed: u64,
}

/// `--shard K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("--shard {s}: K/N with 0 <= K < N");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k >= n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

pub struct Plan {
    pub grid: Grid,
    base: toml::Table,
    pub runs_per_point: u32,
    pub first_seed: u64,
}

impl Plan {
    /// The grid's plan; `runs_per_point` overrides the grid's.
    pub fn new(grid: Grid, runs_per_point: Option<u32>) -> Result<Plan, String> {
        let path = grid.scenario_path();
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let base: toml::Table =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        // the file as it stands must be a scenario too (its seed is the default first seed)
        let s = Scenario::load(&path)?;
        let runs_per_point = runs_per_point.unwrap_or(grid.runs_per_point);
        if runs_per_point == 0 {
            return Err("--runs-per-point must be positive".into());
        }
        Ok(Plan {
            first_seed: grid.seed.unwrap_or(s.seed),
            grid,
            base,
            runs_per_point,
        })
    }

    pub fn total(&self) -> u64 {
        self.grid.points() * self.runs_per_point as u64
    }

    pub fn run(&self, index: u64) -> Run {
        let r = self.runs_per_point as u64;
        Run {
            index,
            point: index / r,
            seed: self.first_seed.wrapping_add(index % r),
        }
    }

    /// The runs of `shard` (all of them without one), in index order.
    pub fn runs(&self, shard: Option<Shard>) -> Vec<Run> {
        let keep = |i: &u64| shard.is_none_or(|s| i % s.n == s.k);
        (0..self.total())
            .filter(keep)
            .map(|i| self.run(i))
            .collect()
    }

    /// Each parameter's value at `point` (mixed radix, the last parameter fastest).
    pub fn values(&self, point: u64) -> Vec<&Value> {
        let mut rest = point;
        let mut out: Vec<&Value> = (self.grid.parameters.iter().rev())
            .map(|p| {
                let n = p.values.len() as u64;
                let v = &p.values[(rest % n) as usize];
                rest /= n;
                v
            })
            .collect();
        out.reverse();
        out
    }

    /// The scenario at `point`.
    pub fn scenario(&self, point: u64) -> Result<Scenario, String> {
        let settings: Vec<(&str, &Value)> = (self.grid.parameters.iter())
            .zip(self.values(point))
            .flat_map(|(p, v)| {
                let paths = std::iter::once(&p.path).chain(&p.also);
                paths.map(move |path| (path.as_str(), v))
            })
            .collect();
        let dir = self.grid.scenario_path();
        let dir = dir.parent().unwrap_or(std::path::Path::new("."));
        overrides::scenario_at(&self.base, dir, &settings)
    }

    /// The scenario of every point `runs` visit, built (and so checked) before any runs.
    pub fn scenarios(&self, runs: &[Run]) -> Result<BTreeMap<u64, Scenario>, String> {
        let mut out = BTreeMap::new();
        for r in runs {
            if let std::collections::btree_map::Entry::Vacant(e) = out.entry(r.point) {
                e.insert(self.scenario(r.point)?);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        let dir = lending_pool_sdk::checkout::workspace_root().join("scenarios");
        let g = Grid::from_toml(
            "scenario = 'crash-40pct-1h.toml'\nruns_per_point = 2\n\
             [[parameter]]\npath = 'pool.insurance'\nvalues = [0, 500, 1000]\n\
             [[parameter]]\npath = 'collateral.SOL.ltv_bps'\nvalues = [7000, 7500]\n",
            &dir,
        )
        .unwrap();
        Plan::new(g, None).unwrap()
    }

    #[test]
    fn indices_are_points_times_seeds_and_shards_partition_them() {
        let p = plan();
        assert_eq!(p.total(), 12);
        // index 7: point 3 (insurance 500, LTV 7500), the second seed after the file's 42
        assert_eq!(
            p.run(7),
            Run {
                index: 7,
                point: 3,
                seed: 43
            }
        );
        let v: Vec<String> = p.values(3).iter().map(|v| v.to_string()).collect();
        assert_eq!(v, ["500", "7500"]);
        assert_eq!(p.scenario(3).unwrap().collateral[0].ltv_bps, 7500);
        let mut all: Vec<u64> = (0..3)
            .flat_map(|k| p.runs(Some(Shard { k, n: 3 })))
            .map(|r| r.index)
            .collect();
        all.sort_unstable();
        assert_eq!(all, (0..12).collect::<Vec<_>>());
        assert_eq!(p.runs(Some("1/5".parse().unwrap()))[1].index, 6);
        assert!("5/5".parse::<Shard>().is_err() && "x".parse::<Shard>().is_err());
        assert_eq!(p.scenarios(&p.runs(None)).unwrap().len(), 6);
    }

    #[test]
    fn a_correlation_is_swept_on_both_sides_of_the_matrix() {
        let dir = lending_pool_sdk::checkout::workspace_root().join("sweeps");
        let g = Grid::load(&dir.join("correlation-grid.toml")).unwrap();
        let p = Plan::new(g.clone(), None).unwrap();
        // point 4: the correlation's third value, the bleed as in the file
        let m = p.scenario(4).unwrap().market.correlation.unwrap();
        assert_eq!(m, [[1.0, 0.9], [0.9, 1.0]]);
        // one side alone is no correlation matrix
        let mut one_side = g;
        one_side.parameters[0].also.clear();
        let err = Plan::new(one_side, None).unwrap().scenario(4).unwrap_err();
        assert!(err.contains("not symmetric"), "{err}");
    }
}
