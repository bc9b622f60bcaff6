//! The liquidator bots in a scenario: each one's reaction latency, capacity, outages and
//! capital (base tokens it holds, or flash loans). A scenario has either the single
//! `[liquidator]` table of the scenarios before competition, or a `[[liquidators]]` array.
use serde::Deserialize;

/// Where a liquidator's repayments come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capital {
    /// The base tokens it holds (`inventory`); what it seizes is sold into the collateral's
    /// AMM at the end of its turn (when the scenario has one), which refills the inventory.
    #[default]
    Inventory,
    /// It holds nothing: each liquidation is one transaction `flash_borrow` → `liquidate` →
    /// sale into the AMM → `flash_repay`, sent only when the sale repays the loan, its fee
    /// and the bot's `min_profit`.
    Flash,
}

impl Capital {
    pub fn label(self) -> &'static str {
        match self {
            Capital::Inventory => "inventory",
            Capital::Flash => "flash loan",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiquidatorSettings {
    /// Its name in the report (default `liquidator`, or `liquidator N` in `[[liquidators]]`).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub capital: Capital,
    /// Steps between first seeing a liquidatable position and acting on it; bots with less
    /// latency act first within a step.
    #[serde(default)]
    pub latency_steps: u32,
    /// Liquidation or settlement transactions per step.
    #[serde(default = "default_capacity")]
    pub capacity_per_step: u32,
    /// Base tokens (whole) an inventory bot holds for repayments (default 10,000,000; a
    /// flash-loan bot holds none).
    #[serde(default)]
    pub inventory: Option<f64>,
    /// Skip liquidations earning less than this (quote units): at the oracle price without
    /// an AMM, at the AMM's quote with one.
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
            name: None,
            capital: Capital::Inventory,
            latency_steps: 0,
            capacity_per_step: default_capacity(),
            inventory: None,
            min_profit: 0.0,
            outages: vec![],
            sweep_every_steps: default_sweep_every(),
        }
    }
}

impl LiquidatorSettings {
    /// Whole base tokens it starts with.
    pub fn inventory(&self) -> f64 {
        match self.capital {
            Capital::Inventory => self.inventory.unwrap_or_else(default_inventory),
            Capital::Flash => 0.0,
        }
    }

    /// Whether the bot is down at `step`.
    pub fn down(&self, step: u32) -> bool {
        self.outages.iter().any(|[a, b]| (*a..*b).contains(&step))
    }
}
