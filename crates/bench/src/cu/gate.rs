//! The regression gate: a measurement against the committed table (`docs/compute-units.md`).
//! Any row more than `TOLERANCE_PCT` above its committed value, over its budget, or missing
//! from either side fails. Compute units depend on the SBF toolchain build, so rows are
//! only compared with a table measured by the same toolchain; budgets always apply.
use super::Measurement;

/// How far above the committed value a row may rise (Mango-style tight budgets).
pub const TOLERANCE_PCT: u64 = 5;

/// One row of a committed table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommittedRow {
    pub instruction: String,
    pub scenario: String,
    pub compute_units: u64,
}

/// A committed table: the toolchain line and the rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommittedTable {
    pub toolchain: Option<String>,
    pub rows: Vec<CommittedRow>,
}

/// The line of the rendered table that names the toolchain.
pub const TOOLCHAIN_PREFIX: &str = "Toolchain: ";

/// Reads a table `render_markdown` wrote.
pub fn parse_table(md: &str) -> CommittedTable {
    let mut t = CommittedTable::default();
    for line in md.lines() {
        if let Some(tc) = line.strip_prefix(TOOLCHAIN_PREFIX) {
            t.toolchain = Some(tc.trim().trim_matches('`').to_string());
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| `name` | scenario | cu | floor | × floor | budget | target |": the outer two
        // cells are empty
        if cells.len() < 6 || !cells[1].starts_with('`') {
            continue;
        }
        let Ok(compute_units) = cells[3].parse() else {
            continue;
        };
        t.rows.push(CommittedRow {
            instruction: cells[1].trim_matches('`').to_string(),
            scenario: cells[2].to_string(),
            compute_units,
        });
    }
    t
}

/// Why a measurement fails the gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    OverBudget {
        row: String,
        measured: u64,
        budget: u64,
    },
    Regressed {
        row: String,
        committed: u64,
        measured: u64,
    },
    NotCommitted {
        row: String,
    },
    NotMeasured {
        row: String,
    },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::OverBudget {
                row,
                measured,
                budget,
            } => write!(f, "{row}: {measured} CU is over its budget of {budget}"),
            Self::Regressed {
                row,
                committed,
                measured,
            } => write!(
                f,
                "{row}: {measured} CU is more than {TOLERANCE_PCT}% above the committed {committed}"
            ),
            Self::NotCommitted { row } => write!(f, "{row}: measured but not in the table"),
            Self::NotMeasured { row } => write!(f, "{row}: in the table but not measured"),
        }
    }
}

fn row_name(instruction: &str, scenario: &str) -> String {
    if scenario.is_empty() {
        format!("`{instruction}`")
    } else {
        format!("`{instruction}` ({scenario})")
    }
}

/// Checks `measured` (by `toolchain`) against its budgets and against `committed`.
pub fn check(
    measured: &[Measurement],
    toolchain: &str,
    committed: &CommittedTable,
) -> Vec<Failure> {
    let mut out: Vec<Failure> = measured
        .iter()
        .filter_map(|m| {
            let budget = m.budget?;
            (m.compute_units > budget).then(|| Failure::OverBudget {
                row: row_name(m.instruction, m.scenario),
                measured: m.compute_units,
                budget,
            })
        })
        .collect();
    if committed.toolchain.as_deref() != Some(toolchain) {
        return out;
    }
    for m in measured {
        let row = row_name(m.instruction, m.scenario);
        match committed
            .rows
            .iter()
            .find(|c| c.instruction == m.instruction && c.scenario == m.scenario)
        {
            None => out.push(Failure::NotCommitted { row }),
            Some(c) if m.compute_units * 100 > c.compute_units * (100 + TOLERANCE_PCT) => {
                out.push(Failure::Regressed {
                    row,
                    committed: c.compute_units,
                    measured: m.compute_units,
                })
            }
            Some(_) => {}
        }
    }
    for c in &committed.rows {
        if !measured
            .iter()
            .any(|m| m.instruction == c.instruction && m.scenario == c.scenario)
        {
            out.push(Failure::NotMeasured {
                row: row_name(&c.instruction, &c.scenario),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cu::render_markdown;

    fn m(instruction: &'static str, scenario: &'static str, cu: u64, budget: u64) -> Measurement {
        Measurement {
            instruction,
            scenario,
            compute_units: cu,
            budget: Some(budget),
            target: None,
            floor: None,
        }
    }

    #[test]
    fn a_rendered_table_reads_back() {
        let rows = [
            m("deposit", "first deposit", 9_000, 10_300),
            m("close_position", "", 2_000, 2_500),
        ];
        let t = parse_table(&render_markdown(&rows, "offline rustc 1.96.0"));
        assert_eq!(t.toolchain.as_deref(), Some("offline rustc 1.96.0"));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            (
                t.rows[0].instruction.as_str(),
                t.rows[0].scenario.as_str(),
                t.rows[0].compute_units
            ),
            ("deposit", "first deposit", 9_000)
        );
        assert_eq!(t.rows[1].scenario, "");
        assert!(check(&rows, "offline rustc 1.96.0", &t).is_empty());
    }

    #[test]
    fn five_percent_up_passes_and_more_fails() {
        let committed = parse_table(&render_markdown(&[m("repay", "", 8_000, 9_200)], "tc"));
        assert!(check(&[m("repay", "", 8_400, 9_200)], "tc", &committed).is_empty());
        assert_eq!(
            check(&[m("repay", "", 8_401, 9_200)], "tc", &committed),
            vec![Failure::Regressed {
                row: "`repay`".into(),
                committed: 8_000,
                measured: 8_401
            }]
        );
        // cheaper is always fine
        assert!(check(&[m("repay", "", 100, 9_200)], "tc", &committed).is_empty());
    }

    #[test]
    fn budgets_apply_whatever_the_toolchain() {
        let committed = parse_table(&render_markdown(&[m("repay", "", 8_000, 9_200)], "tc"));
        let measured = [m("repay", "", 9_201, 9_200)];
        assert_eq!(check(&measured, "other", &committed).len(), 1);
        // another toolchain: rows are not compared with the committed ones
        assert!(check(&[m("repay", "", 9_000, 9_200)], "other", &committed).is_empty());
        assert_eq!(check(&measured, "tc", &committed).len(), 2);
    }

    #[test]
    fn rows_added_or_dropped_fail() {
        let committed = parse_table(&render_markdown(&[m("repay", "", 8_000, 9_200)], "tc"));
        let f = check(&[m("borrow", "x", 8_000, 15_200)], "tc", &committed);
        assert_eq!(
            f,
            vec![
                Failure::NotCommitted {
                    row: "`borrow` (x)".into()
                },
                Failure::NotMeasured {
                    row: "`repay`".into()
                }
            ]
        );
    }
}
