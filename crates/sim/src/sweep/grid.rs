//! A sweep's grid file: the base scenario, the seeds per point, and the values each swept
//! parameter takes.
//!
//! ```toml
//! scenario = "../scenarios/crash-40pct-1h.toml"   # relative to this file
//! runs_per_point = 2                              # seeds seed, seed + 1, … at every point
//! [[parameter]]
//! path = "collateral.SOL.liquidation_bonus_bps"   # a scenario field (see `overrides`)
//! values = [300, 500, 800]
//! [[parameter]]
//! path = "shock_scale"                            # every shock's log return × this
//! values = [0.5, 1.0, 1.5]
//! [[parameter]]
//! path = "market.correlation.0.1"                 # with `[market] correlation` in the file
//! also = ["market.correlation.1.0"]               # the same value here too
//! values = [0.0, 0.5, 0.9]
//! ```
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// The base scenario file, relative to the grid file.
    pub scenario: PathBuf,
    /// Seeded runs at every point (the same seeds at each, so points differ only by their
    /// parameters).
    #[serde(default = "one")]
    pub runs_per_point: u32,
    /// The first seed (default: the scenario's).
    pub seed: Option<u64>,
    /// The swept parameters, in the order of the table's columns; the last varies fastest.
    #[serde(rename = "parameter", default)]
    pub parameters: Vec<Parameter>,
    /// The grid file's directory, and the file as it was named.
    #[serde(skip)]
    pub dir: PathBuf,
    #[serde(skip)]
    pub file: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub path: String,
    /// Further paths set to the same value (a correlation's mirror entry).
    #[serde(default)]
    pub also: Vec<String>,
    pub values: Vec<toml::Value>,
}

fn one() -> u32 {
    1
}

/// A sweep this large is a mistake in the grid, not a plan.
const MAX_RUNS: u64 = 1_000_000;

impl Grid {
    pub fn from_toml(text: &str, dir: &Path) -> Result<Grid, String> {
        let mut g: Grid = toml::from_str(text).map_err(|e| e.to_string())?;
        g.dir = dir.to_path_buf();
        g.validate()?;
        Ok(g)
    }

    pub fn load(path: &Path) -> Result<Grid, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut g = Self::from_toml(&text, dir).map_err(|e| format!("{}: {e}", path.display()))?;
        g.file = path.to_path_buf();
        Ok(g)
    }

    /// The base scenario's path.
    pub fn scenario_path(&self) -> PathBuf {
        self.dir.join(&self.scenario)
    }

    /// Grid points: the product of the parameters' value counts.
    pub fn points(&self) -> u64 {
        self.parameters
            .iter()
            .map(|p| p.values.len() as u64)
            .product()
    }

    /// Whether every value of parameter `i` is an integer (its column is then INT64).
    pub fn integer(&self, i: usize) -> bool {
        self.parameters[i].values.iter().all(|v| v.is_integer())
    }

    fn validate(&self) -> Result<(), String> {
        if self.parameters.is_empty() {
            return Err("a grid needs at least one [[parameter]]".into());
        }
        if self.runs_per_point == 0 {
            return Err("runs_per_point must be positive".into());
        }
        let mut paths: Vec<&str> = (self.parameters.iter())
            .flat_map(|p| std::iter::once(&p.path).chain(&p.also))
            .map(String::as_str)
            .collect();
        paths.sort_unstable();
        if paths.windows(2).any(|w| w[0] == w[1]) {
            return Err("each path once, in one parameter".into());
        }
        for p in &self.parameters {
            // the path is a CSV column name as it stands
            if p.path.is_empty() || p.path.contains([',', '"', '\n', '\r']) {
                return Err(format!("parameter path {:?}: no commas or quotes", p.path));
            }
            if p.values.is_empty() || !p.values.iter().all(|v| v.is_integer() || v.is_float()) {
                return Err(format!(
                    "parameter {}: values must be numbers, at least one",
                    p.path
                ));
            }
        }
        let runs = self.points().saturating_mul(self.runs_per_point as u64);
        if runs > MAX_RUNS {
            return Err(format!("{runs} runs: at most {MAX_RUNS}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(params: &str) -> Result<Grid, String> {
        Grid::from_toml(&format!("scenario = 's.toml'\n{params}"), Path::new("g"))
    }

    #[test]
    fn a_grid_reads_and_bad_ones_are_named() {
        let g = grid("[[parameter]]\npath = 'pool.insurance'\nvalues = [0, 500.5]\n").unwrap();
        assert_eq!((g.points(), g.runs_per_point), (2, 1));
        assert!(!g.integer(0));
        assert_eq!(g.scenario_path(), Path::new("g/s.toml"));
        assert!(grid("").unwrap_err().contains("at least one"));
        assert!(grid("[[parameter]]\npath = 'a'\nvalues = []\n")
            .unwrap_err()
            .contains("numbers"));
        assert!(grid("[[parameter]]\npath = 'a'\nvalues = ['x']\n")
            .unwrap_err()
            .contains("numbers"));
        assert!(grid("[[parameter]]\npath = 'a,b'\nvalues = [1]\n")
            .unwrap_err()
            .contains("commas"));
        let twice = "[[parameter]]\npath = 'a'\nvalues = [1]\n".repeat(2);
        assert!(grid(&twice).unwrap_err().contains("once"));
        let mirrored = "[[parameter]]\npath = 'a'\nalso = ['a']\nvalues = [1]\n";
        assert!(grid(mirrored).unwrap_err().contains("once"));
        assert!(grid("typo = 1\n").unwrap_err().contains("typo"));
    }
}
