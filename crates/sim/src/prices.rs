//! Price paths: geometric Brownian motion with Poisson jumps, or a CSV replay, plus the
//! scenario's deterministic shocks. Pure and seeded: the same seed gives the same path.
use crate::scenario::{PricePath, Scenario};
use rand_chacha::{rand_core::SeedableRng, ChaCha8Rng};
use rand_distr::{Distribution, Normal, Poisson};

const SECONDS_PER_YEAR: f64 = 365.0 * 86_400.0;

/// One path per collateral slot, `steps + 1` prices each (step 0 is the starting price).
pub fn price_paths(s: &Scenario, seed: u64) -> Result<Vec<Vec<f64>>, String> {
    let mut draws = (s.collateral.iter().enumerate())
        .map(|(slot, c)| {
            let p = Gbm::of(&c.path);
            p.map(|p| draw(s.steps, s.step_secs, p, &mut asset_rng(seed, slot)))
                .transpose()
        })
        .collect::<Result<Vec<_>, String>>()?;
    if let Some(m) = &s.market.correlation {
        // validated at load: every path is GBM and the matrix has a factor
        correlate(
            &crate::correlation::cholesky(m)?,
            draws.iter_mut().flatten().collect(),
        );
    }
    (s.collateral.iter().zip(draws))
        .map(|(c, d)| {
            let mut path = match (Gbm::of(&c.path), d, &c.path) {
                (Some(p), Some(d), _) => path_from(c.price, s.step_secs, p, &d),
                (_, _, PricePath::Csv { file }) => {
                    let path = s.base_dir.join(file);
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                    replay_csv(&text, s.steps)?
                }
                _ => unreachable!("a GBM path has its draws"),
            };
            apply_shocks(s, &c.name, &mut path);
            Ok(path)
        })
        .collect()
}

/// One ChaCha stream per asset under a key of its own (the actors use another key).
fn asset_rng(seed: u64, slot: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5052_4943_4500_0000);
    rng.set_stream(slot as u64);
    rng
}

/// Parameters of one GBM-with-jumps path.
#[derive(Debug, Clone, Copy)]
pub struct Gbm {
    pub drift: f64,
    pub volatility: f64,
    pub jumps_per_day: f64,
    pub jump_mean: f64,
    pub jump_stdev: f64,
}

impl Gbm {
    /// A GBM path's parameters (none for a CSV replay).
    fn of(path: &PricePath) -> Option<Gbm> {
        match *path {
            PricePath::Gbm {
                drift,
                volatility,
                jumps_per_day,
                jump_mean,
                jump_stdev,
            } => Some(Gbm {
                drift,
                volatility,
                jumps_per_day,
                jump_mean,
                jump_stdev,
            }),
            PricePath::Csv { .. } => None,
        }
    }
}

/// A path's random draws, step by step: the diffusion's standard normal and the log
/// returns of the jumps that step (`jumps[ends[t - 1]..ends[t]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    pub z: Vec<f64>,
    pub jumps: Vec<f64>,
    pub ends: Vec<usize>,
}

/// `S(t+dt) = S(t) · exp((μ − σ²/2)dt + σ√dt·Z + Σ jumps)`, jumps ~ Poisson(λ·dt), each a
/// normal log return.
pub fn gbm(
    start: f64,
    steps: u32,
    step_secs: u32,
    p: Gbm,
    rng: &mut ChaCha8Rng,
) -> Result<Vec<f64>, String> {
    Ok(path_from(
        start,
        step_secs,
        p,
        &draw(steps, step_secs, p, rng)?,
    ))
}

/// The draws of a GBM path, in the order they come off `rng` (Z, the jump count, the
/// jumps; step after step), so the same seed gives the same path.
pub fn draw(steps: u32, step_secs: u32, p: Gbm, rng: &mut ChaCha8Rng) -> Result<Draws, String> {
    let z = Normal::new(0.0, 1.0).map_err(|e| e.to_string())?;
    let jump = Normal::new(p.jump_mean, p.jump_stdev).map_err(|e| e.to_string())?;
    let lambda = p.jumps_per_day * step_secs as f64 / 86_400.0;
    let poisson = if lambda > 0.0 {
        Some(Poisson::new(lambda).map_err(|e| e.to_string())?)
    } else {
        None
    };
    let mut d = Draws {
        z: Vec::with_capacity(steps as usize),
        jumps: vec![],
        ends: Vec::with_capacity(steps as usize),
    };
    for _ in 0..steps {
        d.z.push(z.sample(rng));
        if let Some(poisson) = &poisson {
            let n = poisson.sample(rng) as u32;
            for _ in 0..n {
                d.jumps.push(jump.sample(rng));
            }
        }
        d.ends.push(d.jumps.len());
    }
    Ok(d)
}

/// The path the draws make from `start`.
pub fn path_from(start: f64, step_secs: u32, p: Gbm, d: &Draws) -> Vec<f64> {
    let dt = step_secs as f64 / SECONDS_PER_YEAR;
    let mut path = Vec::with_capacity(d.z.len() + 1);
    let mut price = start;
    path.push(price);
    let mut from = 0;
    for (z, &end) in d.z.iter().zip(&d.ends) {
        let mut r =
            (p.drift - p.volatility * p.volatility / 2.0) * dt + p.volatility * dt.sqrt() * z;
        for j in &d.jumps[from..end] {
            r += j;
        }
        from = end;
        price *= r.exp();
        path.push(price);
    }
    path
}

/// Replaces each step's diffusion draws across the assets by `L·z`.
pub fn correlate(l: &[Vec<f64>], mut assets: Vec<&mut Draws>) {
    let steps = assets.first().map_or(0, |d| d.z.len());
    for t in 0..steps {
        let z: Vec<f64> = assets.iter().map(|d| d.z[t]).collect();
        for (d, w) in assets.iter_mut().zip(crate::correlation::mix(l, &z)) {
            d.z[t] = w;
        }
    }
}

/// Prices from CSV text: the last column of each line; a non-numeric first line is a header.
pub fn replay_csv(text: &str, steps: u32) -> Result<Vec<f64>, String> {
    let mut prices = vec![];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let field = line.rsplit(',').next().unwrap_or(line).trim();
        match field.parse::<f64>() {
            Ok(p) if p.is_finite() && p > 0.0 => prices.push(p),
            Ok(_) => return Err(format!("line {}: price must be positive", n + 1)),
            Err(_) if n == 0 => continue, // header
            Err(e) => return Err(format!("line {}: {e}", n + 1)),
        }
    }
    let last = *prices.last().ok_or("the CSV holds no prices")?;
    prices.resize(steps as usize + 1, last);
    Ok(prices)
}

/// Multiplies the path by each shock's return, spread evenly (in logs) over its steps; the
/// level reached stays in the path afterwards.
pub fn apply_shocks(s: &Scenario, asset: &str, path: &mut [f64]) {
    let mut factor = vec![0.0f64; path.len()];
    for shock in s
        .shock
        .iter()
        .filter(|k| k.asset.as_deref().is_none_or(|a| a == asset))
    {
        let n = shock.duration_steps.max(1);
        let per_step = (1.0 + shock.total_return).ln() / n as f64;
        for (k, f) in factor.iter_mut().enumerate() {
            let done = (k as u32).saturating_sub(shock.start_step).min(n);
            *f += per_step * done as f64;
        }
    }
    for (p, f) in path.iter_mut().zip(factor) {
        *p *= f.exp();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(extra: &str) -> Scenario {
        let text = format!(
            r#"
            name = "t"
            steps = 100
            step_secs = 60
            [[collateral]]
            name = "SOL"
            price = 100.0
            ltv_bps = 7500
            liquidation_threshold_bps = 8000
            liquidation_bonus_bps = 500
            path = {{ model = "gbm", volatility = 0.0 }}
            [lps]
            count = 1
            median_deposit = 1.0
            [borrowers]
            count = 1
            median_collateral_value = 1.0
            leverage_min = 0.5
            leverage_max = 0.5
            {extra}
            "#
        );
        Scenario::from_toml(&text, std::path::Path::new(".")).unwrap()
    }

    #[test]
    fn a_shock_reaches_its_total_return_over_its_duration_and_stays() {
        let s = scenario("[[shock]]\nstart_step = 10\nduration_steps = 4\ntotal_return = -0.4\n");
        let p = &price_paths(&s, 1).unwrap()[0];
        assert_eq!(p.len(), 101);
        assert!((p[10] - 100.0).abs() < 1e-9);
        assert!((p[12] - 100.0 * 0.6f64.sqrt()).abs() < 1e-9);
        assert!((p[14] - 60.0).abs() < 1e-9);
        assert!((p[100] - 60.0).abs() < 1e-9);
    }

    #[test]
    fn gbm_is_seeded_and_has_the_volatility_it_was_given() {
        let p = Gbm {
            drift: 0.0,
            volatility: 0.8,
            jumps_per_day: 0.0,
            jump_mean: 0.0,
            jump_stdev: 0.0,
        };
        let run = |seed| gbm(100.0, 20_000, 300, p, &mut ChaCha8Rng::seed_from_u64(seed)).unwrap();
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        let path = run(7);
        let r: Vec<f64> = path.windows(2).map(|w| (w[1] / w[0]).ln()).collect();
        let mean = r.iter().sum::<f64>() / r.len() as f64;
        let var = r.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (r.len() - 1) as f64;
        let annual = (var * SECONDS_PER_YEAR / 300.0).sqrt();
        assert!((annual - 0.8).abs() < 0.02, "annualised vol {annual}");
    }

    #[test]
    fn jumps_arrive_at_their_rate() {
        let p = Gbm {
            drift: 0.0,
            volatility: 0.0,
            jumps_per_day: 4.0,
            jump_mean: -0.01,
            jump_stdev: 0.0,
        };
        let path = gbm(100.0, 28_800, 300, p, &mut ChaCha8Rng::seed_from_u64(3)).unwrap();
        // 100 days at 4 jumps a day, each exactly −1% in logs
        let jumps = (path[28_800] / 100.0).ln() / -0.01;
        assert!((jumps - 400.0).abs() < 60.0, "{jumps} jumps");
    }

    #[test]
    fn csv_replay_skips_a_header_and_holds_the_last_price() {
        let p = replay_csv("step,price\n0,10\n1,11.5\n2,9\n", 5).unwrap();
        assert_eq!(p, vec![10.0, 11.5, 9.0, 9.0, 9.0, 9.0]);
        assert!(replay_csv("price\n-1\n", 3).is_err());
        assert!(replay_csv("price\n", 3).is_err());
        assert!(replay_csv("1\nx\n", 3).is_err());
    }

    /// Two assets on GBM paths, with `extra` (a `[market]` table) appended.
    fn two_assets(extra: &str) -> Scenario {
        let asset = |name: &str| {
            format!(
                "[[collateral]]\nname = '{name}'\nprice = 100.0\nltv_bps = 7500\n\
                 liquidation_threshold_bps = 8000\nliquidation_bonus_bps = 500\n\
                 path = {{ model = 'gbm', volatility = 0.8, jumps_per_day = 2.0, jump_stdev = 0.005 }}\n"
            )
        };
        let text = format!(
            "name = 't'\nsteps = 20000\nstep_secs = 300\n{}{}\
             [lps]\ncount = 1\nmedian_deposit = 1.0\n\
             [borrowers]\ncount = 1\nmedian_collateral_value = 1.0\nleverage_min = 0.5\n\
             leverage_max = 0.5\n{extra}",
            asset("A"),
            asset("B")
        );
        Scenario::from_toml(&text, std::path::Path::new(".")).unwrap()
    }

    /// The correlation of the two paths' log returns.
    fn log_return_correlation(p: &[Vec<f64>]) -> f64 {
        let r: Vec<Vec<f64>> = p
            .iter()
            .map(|x| x.windows(2).map(|w| (w[1] / w[0]).ln()).collect())
            .collect();
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let (ma, mb) = (mean(&r[0]), mean(&r[1]));
        let cov = |a: &[f64], ma: f64, b: &[f64], mb: f64| {
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - ma) * (y - mb))
                .sum::<f64>()
        };
        cov(&r[0], ma, &r[1], mb) / (cov(&r[0], ma, &r[0], ma) * cov(&r[1], mb, &r[1], mb)).sqrt()
    }

    #[test]
    fn correlated_paths_move_together_and_the_identity_changes_nothing() {
        let independent = price_paths(&two_assets(""), 5).unwrap();
        let identity = "[market]\ncorrelation = [[1.0, 0.0], [0.0, 1.0]]\n";
        assert_eq!(price_paths(&two_assets(identity), 5).unwrap(), independent);
        assert!(log_return_correlation(&independent).abs() < 0.03);
        let c = "[market]\ncorrelation = [[1.0, 0.8], [0.8, 1.0]]\n";
        let p = price_paths(&two_assets(c), 5).unwrap();
        // the first asset keeps its own draws; jumps (independent) dilute the correlation a bit
        assert_eq!(p[0], independent[0]);
        let rho = log_return_correlation(&p);
        assert!((0.72..0.82).contains(&rho), "correlation {rho}");
    }

    #[test]
    fn a_bad_correlation_is_rejected_at_load() {
        let load = |m: &str| {
            let text = std::fs::read_to_string(
                lending_pool_sdk::checkout::workspace_root().join("scenarios/slow-bleed.toml"),
            )
            .unwrap();
            Scenario::from_toml(
                &format!("{text}\n[market]\ncorrelation = {m}\n"),
                std::path::Path::new("."),
            )
        };
        assert!(load("[[1.0, 0.5], [0.5, 1.0]]").is_ok());
        assert!(load("[[1.0, 0.5], [0.4, 1.0]]")
            .unwrap_err()
            .contains("symmetric"));
        assert!(load("[[1.0]]").unwrap_err().contains("2×2"));
        assert!(load("[[1.0, 1.0], [1.0, 1.0]]")
            .unwrap_err()
            .contains("positive definite"));
    }

    #[test]
    fn bad_scenarios_are_rejected_with_the_field_named() {
        let bad = |extra: &str| {
            let text = format!(
                "name='t'\nsteps=1\nstep_secs=1\n[[collateral]]\nname='A'\nprice=1.0\nltv_bps=1\nliquidation_threshold_bps=2\nliquidation_bonus_bps=3\npath={{model='gbm',volatility=0.1}}\n[lps]\ncount=1\nmedian_deposit=1.0\n[borrowers]\ncount=1\nmedian_collateral_value=1.0\nleverage_min=0.5\nleverage_max=0.6\n{extra}"
            );
            Scenario::from_toml(&text, std::path::Path::new(".")).unwrap_err()
        };
        assert!(
            bad("[[shock]]\nasset='B'\nstart_step=0\nduration_steps=1\ntotal_return=-0.1")
                .contains("unknown collateral")
        );
        assert!(
            bad("[[shock]]\nstart_step=0\nduration_steps=1\ntotal_return=-1.0")
                .contains("above -1")
        );
        assert!(bad("typo = 1").contains("typo"));
    }
}
