//! Scenario files (TOML under `scenarios/`): the market, the actors and the pool's settings.
//! Amounts are in whole tokens and prices in quote units (USD); the simulator converts them to
//! the program's integers once, at the edge.
//!
//! This file holds the scenario itself, its loading and its variants; its parts live in files
//! of their own: `pool`, `market` (collateral, price paths, shocks, oracle outages), `amm`
//! (the collateral markets liquidators sell into), `actors` (LPs, borrowers),
//! `liquidators`, `backstop` (insurance stakers, the recovery donor) and `validate`.
mod actors;
mod amm;
mod backstop;
mod liquidators;
mod market;
mod pool;
mod validate;

pub use actors::{BorrowerSettings, LpSettings};
pub use amm::AmmSettings;
pub use backstop::{RecoverySettings, StakerSettings};
pub use liquidators::{Capital, LiquidatorSettings};
pub use market::{
    CollateralSettings, MarketSettings, OracleOutage, OracleSettings, PricePath, Shock,
};
pub use pool::PoolSettings;

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
    /// How the collateral prices move together (independent when absent).
    #[serde(default)]
    pub market: MarketSettings,
    pub lps: LpSettings,
    pub borrowers: BorrowerSettings,
    /// The single liquidator (as one entry of the bots); its defaults when absent.
    #[serde(default)]
    pub liquidator: Option<LiquidatorSettings>,
    /// Competing liquidators, instead of `[liquidator]`.
    #[serde(default)]
    pub liquidators: Vec<LiquidatorSettings>,
    /// A constant-product pool per collateral asset that liquidators sell into (absent: they
    /// keep what they seize, and check profit at the oracle price).
    #[serde(default)]
    pub amm: Vec<AmmSettings>,
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

impl Scenario {
    pub fn from_toml(text: &str, base_dir: &Path) -> Result<Self, String> {
        let mut s: Scenario = toml::from_str(text).map_err(|e| e.to_string())?;
        s.base_dir = base_dir.to_path_buf();
        s.validate()?;
        Ok(s)
    }

    /// A scenario from a TOML document already parsed (a sweep's point: the file with
    /// values set), validated like a file.
    pub fn from_value(doc: toml::Value, base_dir: &Path) -> Result<Self, String> {
        let mut s: Scenario = doc.try_into().map_err(|e: toml::de::Error| e.to_string())?;
        s.base_dir = base_dir.to_path_buf();
        s.validate()?;
        Ok(s)
    }

    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Self::from_toml(&text, dir).map_err(|e| format!("{}: {e}", path.display()))
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

    /// The liquidator bots, named: `[[liquidators]]`, or else `[liquidator]` (or its
    /// defaults) as the one entry.
    pub fn bots(&self) -> Vec<LiquidatorSettings> {
        if self.liquidators.is_empty() {
            let one = self.liquidator.clone().unwrap_or_default();
            let name = one.name.clone().unwrap_or_else(|| "liquidator".into());
            return vec![LiquidatorSettings {
                name: Some(name),
                ..one
            }];
        }
        let named = |(i, l): (usize, &LiquidatorSettings)| LiquidatorSettings {
            name: Some(l.name.clone().unwrap_or(format!("liquidator {}", i + 1))),
            ..l.clone()
        };
        self.liquidators.iter().enumerate().map(named).collect()
    }

    /// Whether the scenario sets liquidator economics (competing bots, AMMs): the report
    /// then has a "Liquidators" section.
    pub fn economics(&self) -> bool {
        !self.liquidators.is_empty() || !self.amm.is_empty()
    }

    /// Whether the report compares the bots' capital: some bots hold inventory, some borrow.
    pub fn compares_capital(&self) -> bool {
        let bots = self.bots();
        bots.iter().any(|l| l.capital == Capital::Flash)
            && bots.iter().any(|l| l.capital == Capital::Inventory)
    }

    /// The same scenario with its flash-loan liquidators taken out (same seed, same market);
    /// see `compares_capital`.
    pub fn inventory_only(&self) -> Scenario {
        let mut s = self.clone();
        s.liquidators = self
            .bots()
            .into_iter()
            .filter(|l| l.capital != Capital::Flash)
            .collect();
        s.liquidator = None;
        s
    }

    /// The AMM of collateral `asset`: its own `[[amm]]` entry, or the one naming no asset.
    pub fn amm_for(&self, asset: &str) -> Option<&AmmSettings> {
        let own = self.amm.iter().find(|a| a.asset.as_deref() == Some(asset));
        own.or_else(|| self.amm.iter().find(|a| a.asset.is_none()))
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
