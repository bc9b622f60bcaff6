//! Scenario files (TOML under `scenarios/`): the market, the actors and the pool's settings.
//! Amounts are in whole tokens and prices in quote units (USD); the simulator converts them to
//! the program's integers once, at the edge.
use lending_pool_sdk::PoolConfigOverrides;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Seed of every random choice; `--seed` overrides it.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Number of steps and simulated seconds per step.
    pub steps: u32,
    pub step_secs: u32,
    #[serde(default)]
    pub pool: PoolSettings,
    pub collateral: Vec<CollateralSettings>,
    #[serde(default)]
    pub shock: Vec<Shock>,
    pub lps: LpSettings,
    pub borrowers: BorrowerSettings,
    #[serde(default)]
    pub liquidator: LiquidatorSettings,
    #[serde(default)]
    pub oracle: OracleSettings,
    /// Insurance stakers (agents), one table each.
    #[serde(default)]
    pub staker: Vec<StakerSettings>,
    /// A donor who recapitalizes a pool that froze (absent: nobody does).
    #[serde(default)]
    pub recovery: Option<RecoverySettings>,
    /// Whether a keeper marks every underwater position each step (`mark_shortfall`);
    /// reports run the scenario both ways and show them side by side.
    #[serde(default = "default_marking")]
    pub marking: bool,
    /// Where relative paths in the file (CSV price paths) are resolved from.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

fn default_seed() -> u64 {
    1
}
fn default_marking() -> bool {
    true
}

/// An insurance staker: stakes `deposit` once the fund's recent yield beats `min_apy`, asks
/// to unstake everything when it sees trouble, and unstakes when the pool's cooldown ends
/// (or `pays_after_steps` later, if its window is still open).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakerSettings {
    /// Whole base tokens staked.
    pub deposit: f64,
    /// Annual yield (0.2 = 20%) the fund's income over the last `yield_window_steps` must
    /// beat, per unit of the fund's value, before this staker stakes.
    pub min_apy: f64,
    #[serde(default = "default_yield_window")]
    pub yield_window_steps: u32,
    /// Trouble: a position underwater at true prices, a marked shortfall, or a collateral
    /// price this far (0.1 = 10%) below its start.
    pub unstake_on_drop: f64,
    /// Steps it waits once its cooldown has ended before it asks to be paid (0: at once). A
    /// request left longer than the pool's `unstake_window_secs` lapses: the staker then
    /// cancels it and asks again at the next sign of trouble, with a new cooldown.
    #[serde(default)]
    pub pays_after_steps: u32,
}

/// A donor (a treasury, a backstop fund) who recapitalizes a frozen pool `delay_steps` after
/// it froze with `share` (1.0 = all) of what the LPs lost in settlements, and the guardian
/// who then reopens it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverySettings {
    #[serde(default)]
    pub delay_steps: u32,
    #[serde(default = "default_recovery_share")]
    pub share: f64,
}

fn default_recovery_share() -> f64 {
    1.0
}

fn default_yield_window() -> u32 {
    12
}

/// The pool: its base asset's decimals, its seed insurance, and `[pool.config]`, overrides
/// of its `PoolConfig` in the same form as the CLI's config files (the rest is
/// `PoolConfig::example()` without caps, see `engine::pool_config`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolSettings {
    pub base_decimals: Option<u8>,
    #[serde(default)]
    pub config: PoolConfigOverrides,
    /// Initial insurance fund (whole base tokens, donated by the admin).
    #[serde(default)]
    pub insurance: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollateralSettings {
    pub name: String,
    #[serde(default = "default_collateral_decimals")]
    pub decimals: u8,
    /// Starting price (quote units per whole token).
    pub price: f64,
    pub ltv_bps: u16,
    pub liquidation_threshold_bps: u16,
    pub liquidation_bonus_bps: u16,
    pub path: PricePath,
}

fn default_collateral_decimals() -> u8 {
    9
}

/// How a collateral's price moves.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case", deny_unknown_fields)]
pub enum PricePath {
    /// Geometric Brownian motion with Poisson jumps (log-normal jump sizes).
    Gbm {
        /// Annualised drift and volatility.
        #[serde(default)]
        drift: f64,
        volatility: f64,
        /// Expected jumps per day.
        #[serde(default)]
        jumps_per_day: f64,
        /// Mean and standard deviation of a jump's log return.
        #[serde(default)]
        jump_mean: f64,
        #[serde(default)]
        jump_stdev: f64,
    },
    /// Replays a CSV of prices, one per step (`step,price` or a single `price` column;
    /// a header line is skipped). Holds the last price if the file is shorter.
    Csv { file: PathBuf },
}

/// A deterministic move layered on the random path: the log return `ln(1 + total_return)`
/// spread evenly over `duration_steps` from `start_step`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shock {
    /// Which collateral (by name); all of them when absent.
    pub asset: Option<String>,
    pub start_step: u32,
    pub duration_steps: u32,
    pub total_return: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LpSettings {
    pub count: u32,
    /// Median deposit (whole base tokens) and the log-normal spread around it.
    pub median_deposit: f64,
    #[serde(default = "default_sigma")]
    pub sigma: f64,
    /// Per LP and step: chance of redeeming part of their shares.
    #[serde(default)]
    pub redeem_prob: f64,
    /// Share of the LPs (the first ones created) who run: they redeem everything when they
    /// see a loss coming (a position underwater at true prices, a marked shortfall, or a
    /// collateral price `run_on_drop` below its start).
    #[serde(default)]
    pub runner_share: f64,
    #[serde(default = "default_run_on_drop")]
    pub run_on_drop: f64,
}

fn default_run_on_drop() -> f64 {
    1.0
}

fn default_sigma() -> f64 {
    0.75
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BorrowerSettings {
    pub count: u32,
    /// Median collateral value (quote units) and the log-normal spread around it.
    pub median_collateral_value: f64,
    #[serde(default = "default_sigma")]
    pub sigma: f64,
    /// Leverage: the first borrow is a uniform fraction in this range of the borrow limit.
    pub leverage_min: f64,
    pub leverage_max: f64,
    /// Share of borrowers who defend their position: below `defend_health` they repay part.
    #[serde(default)]
    pub defender_share: f64,
    #[serde(default = "default_defend_health")]
    pub defend_health: f64,
    /// Per borrower and step: chance of borrowing more (towards their leverage) or repaying.
    #[serde(default)]
    pub activity_prob: f64,
    /// Collateral assets per borrower, uniform in `[assets_min, assets_max]`: the collateral
    /// value is split at random over that many distinct assets.
    #[serde(default = "default_assets")]
    pub assets_min: usize,
    #[serde(default = "default_assets")]
    pub assets_max: usize,
    /// Share of borrowers who also deposit one unit (the smallest) of an asset they do not
    /// otherwise hold.
    #[serde(default)]
    pub dust_share: f64,
}

fn default_defend_health() -> f64 {
    1.05
}
fn default_assets() -> usize {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiquidatorSettings {
    /// Steps between first seeing a liquidatable position and acting on it.
    #[serde(default)]
    pub latency_steps: u32,
    /// Liquidation or settlement transactions per step.
    #[serde(default = "default_capacity")]
    pub capacity_per_step: u32,
    /// Base tokens (whole) the bot holds for repayments; one liquidation repays at most this.
    #[serde(default = "default_inventory")]
    pub inventory: f64,
    /// Skip liquidations earning less than this (quote units).
    #[serde(default)]
    pub min_profit: f64,
    /// Steps `[start, end)` during which the bot is down.
    #[serde(default)]
    pub outages: Vec<[u32; 2]>,
    /// Sweep pending insurance into the fund every this many steps (0 = never).
    #[serde(default = "default_sweep_every")]
    pub sweep_every_steps: u32,
}

fn default_capacity() -> u32 {
    20
}
fn default_inventory() -> f64 {
    10_000_000.0
}
fn default_sweep_every() -> u32 {
    12
}

impl Default for LiquidatorSettings {
    fn default() -> Self {
        Self {
            latency_steps: 0,
            capacity_per_step: default_capacity(),
            inventory: default_inventory(),
            min_profit: 0.0,
            outages: vec![],
            sweep_every_steps: default_sweep_every(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleSettings {
    /// Steps during which a feed publishes nothing (prices go stale on-chain).
    #[serde(default)]
    pub outages: Vec<OracleOutage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleOutage {
    /// Collateral name; all collateral feeds when absent.
    pub asset: Option<String>,
    pub start_step: u32,
    pub end_step: u32,
}

impl Scenario {
    pub fn from_toml(text: &str, base_dir: &Path) -> Result<Self, String> {
        let mut s: Scenario = toml::from_str(text).map_err(|e| e.to_string())?;
        s.base_dir = base_dir.to_path_buf();
        s.validate()?;
        Ok(s)
    }

    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Self::from_toml(&text, dir).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Rejects what the simulator cannot run, with the offending field named.
    pub fn validate(&self) -> Result<(), String> {
        let fail = |m: &str| Err(m.to_string());
        if self.steps == 0 || self.step_secs == 0 {
            return fail("steps and step_secs must be positive");
        }
        if self.pool.base_decimals.is_some_and(|d| d > 18) {
            return fail("pool.base_decimals must be at most 18");
        }
        if self.collateral.is_empty() || self.collateral.len() > 4 {
            return fail("between 1 and 4 [[collateral]] entries");
        }
        for c in &self.collateral {
            if !(c.price.is_finite() && c.price > 0.0) {
                return fail("collateral price must be positive");
            }
            if let PricePath::Gbm {
                volatility,
                jumps_per_day,
                jump_stdev,
                ..
            } = c.path
            {
                if volatility < 0.0 || jumps_per_day < 0.0 || jump_stdev < 0.0 {
                    return fail("volatility, jumps_per_day and jump_stdev must be >= 0");
                }
            }
        }
        let names: Vec<&str> = self.collateral.iter().map(|c| c.name.as_str()).collect();
        let known = |a: &Option<String>| a.as_deref().is_none_or(|a| names.contains(&a));
        if !self.shock.iter().all(|s| known(&s.asset)) {
            return fail("a shock names an unknown collateral");
        }
        if self.shock.iter().any(|s| s.total_return <= -1.0) {
            return fail("a shock's total_return must be above -1");
        }
        if !self.oracle.outages.iter().all(|o| known(&o.asset)) {
            return fail("an oracle outage names an unknown collateral");
        }
        let b = &self.borrowers;
        if !(0.0 < b.leverage_min && b.leverage_min <= b.leverage_max && b.leverage_max <= 1.0) {
            return fail("borrowers: 0 < leverage_min <= leverage_max <= 1");
        }
        if self.lps.count == 0 || self.lps.median_deposit <= 0.0 {
            return fail("lps: count and median_deposit must be positive");
        }
        if b.median_collateral_value <= 0.0 {
            return fail("borrowers: median_collateral_value must be positive");
        }
        if !(1 <= b.assets_min && b.assets_min <= b.assets_max)
            || b.assets_max > self.collateral.len()
        {
            return fail("borrowers: 1 <= assets_min <= assets_max <= the number of collaterals");
        }
        for p in [
            b.defender_share,
            b.activity_prob,
            b.dust_share,
            self.lps.redeem_prob,
            self.lps.runner_share,
            self.lps.run_on_drop,
        ] {
            if !(0.0..=1.0).contains(&p) {
                return fail("probabilities and shares must be within [0, 1]");
            }
        }
        for k in &self.staker {
            if !(k.deposit > 0.0 && k.min_apy >= 0.0 && k.yield_window_steps > 0) {
                return fail("staker: deposit and yield_window_steps positive, min_apy >= 0");
            }
            if !(0.0..=1.0).contains(&k.unstake_on_drop) {
                return fail("staker: unstake_on_drop within [0, 1]");
            }
        }
        Ok(())
    }

    /// The same scenario with the marking keeper switched the other way.
    pub fn with_marking(&self, marking: bool) -> Scenario {
        Scenario {
            marking,
            ..self.clone()
        }
    }

    /// The scenario with no exit delay: a stressed pool's exit request is paid at once, at
    /// the exit price (what an LP got before the two-step exit), for comparison.
    pub fn without_exit_delay(&self) -> Scenario {
        let mut s = self.clone();
        s.pool.config.exit_delay_secs = Some(0);
        s
    }

    /// Whether the liquidator is down at `step`.
    pub fn liquidator_down(&self, step: u32) -> bool {
        self.liquidator
            .outages
            .iter()
            .any(|[a, b]| (*a..*b).contains(&step))
    }

    /// Whether collateral `asset`'s feed publishes at `step`.
    pub fn feed_publishes(&self, asset: &str, step: u32) -> bool {
        !self.oracle.outages.iter().any(|o| {
            o.asset.as_deref().is_none_or(|a| a == asset)
                && (o.start_step..o.end_step).contains(&step)
        })
    }

    /// Simulated seconds covered.
    pub fn duration_secs(&self) -> u64 {
        self.steps as u64 * self.step_secs as u64
    }
}
