//! The peer benchmark: the same user actions on our pool and on the SPL token-lending
//! program (crates.io `spl-token-lending` 0.2.0, the program Solend/Save forked, built
//! unmodified in `external/` by `scripts/build-external.sh`), both loaded into ONE bank
//! (`Bank::start_with`) with the SPL Token program program-test ships, on the same
//! mints, amounts, prices and clock. Writes `docs/peer-compute-units.md` (bin `peer-bench`).
//!
//! - `keys`, `ix`: the peer's ids and accounts, its instructions as hand-built bytes
//!   (`external/INTERFACE.md`);
//! - `pyth`: the Pyth v2 price and product accounts the peer reads, faked in the bank;
//! - `market`: the peer's market, reserves, users and the transaction of each action;
//! - `scenario`: the pinned amounts, prices and clock; `flows`: the side-by-side run;
//! - `markdown`: the table and the gate (ours at most half the peer's, per action).
pub mod ix;
pub mod keys;
mod markdown;
pub mod market;
pub mod pyth;
pub mod scenario;

mod flows;
#[cfg(test)]
mod tests;

pub use flows::measure;
pub use keys::PEER_PROGRAM_ID;
pub use markdown::{failures, render_markdown};

/// One transaction: its compute units and each instruction's (name, units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    pub compute_units: u64,
    pub instructions: Vec<(String, u64)>,
}

/// One user action on both programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub action: &'static str,
    pub scenario: &'static str,
    pub ours: Measured,
    pub peer: Measured,
}

impl Action {
    fn new(
        (action, scenario): (&'static str, &'static str),
        ours: Measured,
        peer: Measured,
    ) -> Self {
        Self {
            action,
            scenario,
            ours,
            peer,
        }
    }
}

/// Interest accrued alone after `secs` idle: our `accrue_interest`, the peer's RefreshReserve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accrual {
    pub idle: &'static str,
    pub secs: i64,
    pub ours: u64,
    pub peer: u64,
}

/// Everything the benchmark measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Each action accruing its own interest (what the gate checks).
    pub actions: Vec<Action>,
    /// The same actions with interest already accrued in the slot by a keeper.
    pub warm: Vec<Action>,
    pub accruals: Vec<Accrual>,
    /// The first table's actions with our program built `--features no-token-batch` (one
    /// CPI per token move), when measured.
    pub no_batch: Vec<Action>,
}
