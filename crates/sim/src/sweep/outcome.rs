//! What a sweep records of each run: the outcome metrics, amounts in base units (integers,
//! as the program keeps them).
use crate::engine::RunResult;

/// The outcome columns, in the table's order (before `frozen`).
pub const COLUMNS: [&str; 13] = [
    "lp_loss_bps",
    "lp_loss",
    "insurance_drawn",
    "insurance_depletion_bps",
    "bad_debt_settled",
    "outstanding_end",
    "bad_debt",
    "max_shortfall",
    "liquidations",
    "settlements",
    "missed_position_steps",
    "underwater_unsettled",
    "transactions",
];

/// One run's outcome: `COLUMNS`' values, and whether the pool ended frozen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub values: [i64; COLUMNS.len()],
    pub frozen: bool,
}

impl Outcome {
    pub fn of(r: &RunResult) -> Result<Outcome, String> {
        let s = &r.summary;
        let bad_debt = s.bad_debt_settled + s.outstanding_end as u128;
        let wide: [u128; COLUMNS.len()] = [
            s.lp_loss_bps as u128,
            s.socialized,
            s.insurance_covered,
            s.insurance_depletion_bps as u128,
            s.bad_debt_settled,
            s.outstanding_end as u128,
            bad_debt,
            s.peak_shortfall as u128,
            s.liquidations as u128,
            s.settlements as u128,
            s.missed_position_steps as u128,
            s.underwater_unsettled as u128,
            (s.transactions_ok + s.transactions_failed) as u128,
        ];
        let mut values = [0i64; COLUMNS.len()];
        for ((v, w), name) in values.iter_mut().zip(wide).zip(COLUMNS) {
            *v = i64::try_from(w).map_err(|_| format!("{name} {w} does not fit an INT64"))?;
        }
        Ok(Outcome {
            values,
            frozen: s.final_frozen,
        })
    }
}

/// What each column means, for the sweep's notes.
pub const MEANINGS: [(&str, &str); 14] = [
    (
        "lp_loss_bps",
        "bad debt written off the LPs, in bps of the LP assets at the start",
    ),
    ("lp_loss", "the same in base units"),
    (
        "insurance_drawn",
        "bad debt the insurance fund covered (base units)",
    ),
    (
        "insurance_depletion_bps",
        "what insurance paid, in bps of paid + left at the end",
    ),
    (
        "bad_debt_settled",
        "bad debt settled: insurance_drawn + lp_loss",
    ),
    (
        "outstanding_end",
        "shortfall still outstanding at true prices after the last step",
    ),
    ("bad_debt", "bad_debt_settled + outstanding_end"),
    (
        "max_shortfall",
        "the largest outstanding shortfall of the run (base units)",
    ),
    ("liquidations", "liquidations done"),
    ("settlements", "bad-debt settlements done"),
    (
        "missed_position_steps",
        "liquidations missed for capacity, outage or capital",
    ),
    (
        "underwater_unsettled",
        "positions underwater and unsettled at the end",
    ),
    ("transactions", "transactions sent (ok and failed)"),
    ("frozen", "whether the pool ended frozen"),
];
