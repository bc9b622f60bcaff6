//! A transaction's runtime log lines, read as the program invocations they record: each
//! `Program <id> invoke [<depth>]` opens one, its `Program <id> consumed <n> of <m> compute
//! units` gives its units (builtins such as System log none), its `success` or `failed: …`
//! closes it. The compute-unit rows, their floors and the peer comparison all read the logs
//! through [`invocations`].

/// One program invocation: a top-level instruction (depth 1) or a CPI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub program: String,
    pub depth: u32,
    /// What it consumed, CPIs included; `None` for a builtin.
    pub units: Option<u64>,
    /// Which top-level instruction it belongs to (0 for the first).
    pub top_level: usize,
}

/// Every invocation in `logs`, in the order each ended (a CPI before its caller).
pub fn invocations(logs: &[String]) -> Vec<Invocation> {
    let mut open: Vec<Invocation> = vec![];
    let mut ended = vec![];
    let mut top_level = 0;
    for line in logs {
        let words: Vec<&str> = line.split_whitespace().collect();
        // `Program log:`, `Program data:`, `Program return:` lines are the programs' own
        if words.get(1).is_none_or(|w| w.ends_with(':')) {
            continue;
        }
        match words.as_slice() {
            ["Program", program, "invoke", depth] => {
                let depth = depth
                    .trim_matches(['[', ']'])
                    .parse()
                    .expect("invoke depth");
                if depth == 1 {
                    top_level += 1;
                }
                open.push(Invocation {
                    program: program.to_string(),
                    depth,
                    units: None,
                    top_level: top_level - 1,
                });
            }
            ["Program", _, "consumed", n, "of", _, "compute", "units"] => {
                if let Some(current) = open.last_mut() {
                    current.units = Some(n.parse().expect("consumed units"));
                }
            }
            ["Program", _, "success"] | ["Program", _, "failed:", ..] => ended.extend(open.pop()),
            _ => {}
        }
    }
    ended
}

/// The units of each top-level instruction that logged them, in order.
pub fn top_level_units(logs: &[String], program: Option<&str>) -> Vec<u64> {
    invocations(logs)
        .into_iter()
        .filter(|i| i.depth == 1 && program.is_none_or(|p| i.program == p))
        .filter_map(|i| i.units)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invocations_end_callee_first_and_skip_program_logs() {
        let logs: Vec<String> = [
            "Program A invoke [1]",
            "Program log: consumed everything",
            "Program log: success",
            "Program 1111 invoke [2]",
            "Program 1111 success",
            "Program T invoke [2]",
            "Program T consumed 100 of 1000 compute units",
            "Program T success",
            "Program A consumed 600 of 1400 compute units",
            "Program A success",
            "Program B invoke [1]",
            "Program B consumed 300 of 800 compute units",
            "Program B failed: custom program error: 0x1",
        ]
        .map(String::from)
        .to_vec();
        let ended = invocations(&logs);
        let got: Vec<(&str, u32, Option<u64>, usize)> = ended
            .iter()
            .map(|i| (i.program.as_str(), i.depth, i.units, i.top_level))
            .collect();
        assert_eq!(
            got,
            [
                ("1111", 2, None, 0),
                ("T", 2, Some(100), 0),
                ("A", 1, Some(600), 0),
                ("B", 1, Some(300), 1),
            ]
        );
        assert_eq!(top_level_units(&logs, None), [600, 300]);
        assert_eq!(top_level_units(&logs, Some("B")), [300]);
    }
}
