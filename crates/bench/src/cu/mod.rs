//! Compute units of every instruction on the SBF binary, measured in one scripted run. The
//! main pool goes through its sections in order, each in a file of its own: its creation and
//! an LP's flows (`pool`), a borrower's life (`borrowing`), a crash and its settlement
//! (`crash`), and its administration (`admin`). Then, each on a pool of its own, the
//! multi-asset liquidations and the recovery (`liquidations`), staking and marked
//! shortfalls (`insurance`), and a flash liquidation (`flash`). `budgets` holds each row's ceiling and target, `gate` the
//! check against the committed table.
mod admin;
mod borrowing;
mod budgets;
mod crash;
mod flash;
mod floor;
mod gate;
mod insurance;
mod liquidations;
mod pool;
use floor::{INVOKE, PER_ACCOUNT};
pub use gate::{check, parse_table, CommittedTable, Failure, TOLERANCE_PCT, TOOLCHAIN_PREFIX};
use lending_pool::state::CollateralParams;
use lending_pool_testkit::{Bank, TxOutcome};

/// One measured instruction.
#[derive(Debug, Clone)]
pub struct Measurement {
    pub instruction: &'static str,
    pub scenario: &'static str,
    pub compute_units: u64,
    /// Its ceiling, which CI enforces (`budgets.rs`).
    pub budget: Option<u64>,
    /// What the compute pass aims at (`budgets.rs`).
    pub target: Option<u64>,
    /// The least the transaction could cost (`floor.rs`).
    pub floor: Option<u64>,
}

impl Measurement {
    /// A row with its budget and target from `budgets.rs`.
    fn new(instruction: &'static str, scenario: &'static str, compute_units: u64) -> Self {
        let (budget, target) = budgets::budget(instruction, scenario).unzip();
        Self {
            instruction,
            scenario,
            compute_units,
            budget,
            target,
            floor: None,
        }
    }
}

const DAY: i64 = 86_400;
/// Where in the day every run starts (seconds after midnight UTC).
const START_OF_DAY: i64 = 12 * 3_600;

/// Runs every instruction once (twice where the first call differs) and records its CU.
pub async fn measure_all() -> Vec<Measurement> {
    let mut bank = Bank::start().await;
    let bank = &mut bank;
    // the bank starts at the wall clock, and the breaker's buckets are aligned to unix time:
    // start every run at the same time of day, so no row depends on when it is measured
    let now = bank.now().await;
    bank.warp(DAY - now.rem_euclid(DAY) + START_OF_DAY).await;
    let (mut fx, init) = pool::create(bank).await;
    let mut out = vec![init];
    out.extend(pool::lp_flows(bank, &fx).await);
    out.extend(borrowing::lifecycle(bank, &mut fx).await);
    out.extend(crash::liquidate_and_settle(bank, &fx).await);
    out.extend(admin::governance(bank, &fx).await);
    // on pools of their own, so the rows above stay as they were
    out.extend(liquidations::four_asset_liquidations(bank).await);
    out.extend(liquidations::recovery(bank).await);
    out.extend(insurance::staking(bank).await);
    out.extend(insurance::marks(bank).await);
    out.extend(flash::flash_liquidation(bank).await);
    group_by_instruction(&mut out);
    out
}

/// The rows of one instruction together, in the order instructions were first measured
/// (a stable sort: each instruction's rows keep their order).
fn group_by_instruction(rows: &mut [Measurement]) {
    let mut names: Vec<&str> = vec![];
    for m in rows.iter() {
        if !names.contains(&m.instruction) {
            names.push(m.instruction);
        }
    }
    rows.sort_by_key(|m| names.iter().position(|&n| n == m.instruction));
}

/// A row for the transaction `r`.
pub(super) fn measured(
    instruction: &'static str,
    scenario: &'static str,
    r: &TxOutcome,
) -> Measurement {
    Measurement {
        floor: Some(floor::floor(r)),
        ..Measurement::new(instruction, scenario, r.compute_units)
    }
}

/// The example SOL listing (LTV 75%, threshold 80%, bonus 5%) on feed `[feed; 32]`.
pub(super) fn collateral(feed: u8) -> CollateralParams {
    lending_pool_sdk::examples::SOL.params([feed; 32])
}

/// The Markdown table committed as `docs/compute-units.md`, measured by `toolchain`.
pub fn render_markdown(rows: &[Measurement], toolchain: &str) -> String {
    let mut s = format!(
        "# Compute units\n\n\
         Measured on the SBF binary (`target/deploy/lending_pool.so`) in solana-program-test by\n\
         `./scripts/cu-bench.sh` (see README). Units are what the transaction consumed, CPIs into\n\
         the SPL Token program (the p-token build program-test ships) and the System program\n\
         included. CI fails when a row rises more than {TOLERANCE_PCT}% above this table or over its\n\
         budget; rows are compared only with a table from the same toolchain (builds from the\n\
         offline toolchain and from platform-tools differ).\n\n\
         {TOOLCHAIN_PREFIX}`{toolchain}`\n\n\
         The floor is the least the transaction could cost in an Anchor program: dispatch,\n\
         {PER_ACCOUNT} CU an account, and each CPI's invoke ({INVOKE} CU) plus what its callee\n\
         consumed (`crates/bench/src/cu/floor.rs`).\n\n\
         | instruction | scenario | compute units | floor | × floor | budget | target |\n\
         |---|---|---:|---:|---:|---:|---:|\n",
    );
    for m in rows {
        let budget = m.budget.map_or("".to_string(), |b| format!("≤ {b}"));
        let target = m.target.map_or("".to_string(), |t| t.to_string());
        let floor = m.floor.map_or("".to_string(), |f| f.to_string());
        let ratio = m.floor.map_or("".to_string(), |f| {
            format!("{:.2}", m.compute_units as f64 / f as f64)
        });
        s.push_str(&format!(
            "| `{}` | {} | {} | {floor} | {ratio} | {budget} | {target} |\n",
            m.instruction, m.scenario, m.compute_units
        ));
    }
    s
}
