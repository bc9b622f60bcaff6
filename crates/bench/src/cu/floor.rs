//! Each row's estimated floor: the least its transaction could cost, given the accounts it
//! names and the calls it makes, in an Anchor program:
//! - per top-level instruction of the program, Anchor's dispatch ([`DISPATCH`]) and its
//!   lowest cost per account ([`PER_ACCOUNT`]: deserialising it and one check);
//! - per CPI, the runtime's invoke ([`INVOKE`]) and what the callee consumed, read from the
//!   logs (a p-token move 76–119, a batch of them a few hundred, a `create_account` 150, an
//!   event's self-call 79 once the entrypoint answers it);
//! - a top-level instruction of another program, what it consumed.
//!
//! Everything else is above the floor: the oracle reads, interest, health, the books'
//! checks, and Anchor's `init` (PDA searches, the rent sysvar). The published unit costs
//! are issue 30's.
use crate::logs::{invocations, Invocation};
use anchor_lang::prelude::Pubkey;
use lending_pool_testkit::TxOutcome;

/// Anchor's dispatch of one instruction.
pub const DISPATCH: u64 = 250;
/// Anchor's lowest cost per account (280–580 by account type).
pub const PER_ACCOUNT: u64 = 280;
/// The runtime's base cost of a CPI (agave 4.2 charges 946; the published figure is used).
pub const INVOKE: u64 = 1_000;

/// What a builtin program (System) is charged per call; it logs no `consumed` line.
pub const BUILTIN: u64 = 150;

/// The floor of the transaction `r` (see the module docs).
pub fn floor(r: &TxOutcome) -> u64 {
    cost(&r.instructions, &invocations(&r.logs))
}

/// The floor of the `k`-th top-level instruction of `r` alone.
pub fn of_instruction(r: &TxOutcome, k: usize) -> u64 {
    let mine: Vec<Invocation> = invocations(&r.logs)
        .into_iter()
        .filter(|i| i.top_level == k)
        .collect();
    cost(&r.instructions[k..=k], &mine)
}

/// Anchor's share for each of `instructions` that is the program's, plus each CPI's invoke
/// and callee and each other program's top-level units.
fn cost(instructions: &[(Pubkey, usize)], invocations: &[Invocation]) -> u64 {
    let anchor: u64 = instructions
        .iter()
        .filter(|(program, _)| *program == lending_pool::ID)
        .map(|&(_, accounts)| DISPATCH + PER_ACCOUNT * accounts as u64)
        .sum();
    let ours = lending_pool::ID.to_string();
    let calls: u64 = invocations
        .iter()
        .map(|i| match i.depth {
            2 => INVOKE + i.units.unwrap_or(BUILTIN),
            1 if i.program != ours => i.units.unwrap_or(BUILTIN),
            _ => 0,
        })
        .sum();
    anchor + calls
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(accounts: usize, logs: &[&str]) -> TxOutcome {
        TxOutcome {
            compute_units: 0,
            logs: logs.iter().map(|l| l.to_string()).collect(),
            return_data: None,
            events: vec![],
            instructions: vec![(lending_pool::ID, accounts)],
        }
    }

    #[test]
    fn a_deposit_floor_is_anchor_plus_its_two_calls() {
        let ours = lending_pool::ID.to_string();
        let token = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
        let system = "11111111111111111111111111111111";
        let logs = [
            format!("Program {ours} invoke [1]"),
            format!("Program {system} invoke [2]"),
            format!("Program {system} success"),
            format!("Program {token} invoke [2]"),
            format!("Program {token} consumed 362 of 191935 compute units"),
            format!("Program {token} success"),
            format!("Program {ours} invoke [2]"),
            format!("Program {ours} consumed 79 of 189588 compute units"),
            format!("Program {ours} success"),
            format!("Program {ours} consumed 9204 of 200000 compute units"),
            format!("Program {ours} success"),
        ];
        let logs: Vec<&str> = logs.iter().map(String::as_str).collect();
        assert_eq!(
            floor(&outcome(11, &logs)),
            DISPATCH + 11 * PER_ACCOUNT + (INVOKE + BUILTIN) + (INVOKE + 362) + (INVOKE + 79)
        );
    }
}
