//! How a transaction is sent: its compute-unit limit, its priority fee and how often it is
//! retried, and the compute-budget instructions that carry the first two.
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};

const COMPUTE_BUDGET_PROGRAM_ID: Pubkey =
    anchor_lang::pubkey!("ComputeBudget111111111111111111111111111111");
/// How transactions are sent.
#[derive(Debug, Clone, Copy)]
pub struct SendOptions {
    /// Micro-lamports per compute unit (0: no priority fee instruction).
    pub priority_fee: u64,
    /// Compute-unit limit (None: the runtime default).
    pub compute_unit_limit: Option<u32>,
    /// Extra attempts after a failure that was not the program's own error.
    pub retries: u32,
}

impl Default for SendOptions {
    fn default() -> Self {
        Self {
            priority_fee: 0,
            compute_unit_limit: None,
            retries: 2,
        }
    }
}

/// `SetComputeUnitLimit` and `SetComputeUnitPrice`, as the compute-budget program encodes them.
pub fn compute_budget_instructions(opts: &SendOptions) -> Vec<Instruction> {
    let mut out = vec![];
    if let Some(limit) = opts.compute_unit_limit {
        let mut data = vec![2u8];
        data.extend_from_slice(&limit.to_le_bytes());
        out.push(Instruction {
            program_id: COMPUTE_BUDGET_PROGRAM_ID,
            accounts: vec![],
            data,
        });
    }
    if opts.priority_fee > 0 {
        let mut data = vec![3u8];
        data.extend_from_slice(&opts.priority_fee.to_le_bytes());
        out.push(Instruction {
            program_id: COMPUTE_BUDGET_PROGRAM_ID,
            accounts: vec![],
            data,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compute_budget_instructions_encode_limit_and_price() {
        let ixs = compute_budget_instructions(&SendOptions {
            priority_fee: 5_000,
            compute_unit_limit: Some(300_000),
            retries: 0,
        });
        assert_eq!(ixs.len(), 2);
        assert_eq!(
            ixs[0].data,
            [vec![2], 300_000u32.to_le_bytes().to_vec()].concat()
        );
        assert_eq!(
            ixs[1].data,
            [vec![3], 5_000u64.to_le_bytes().to_vec()].concat()
        );
        assert!(compute_budget_instructions(&SendOptions::default()).is_empty());
    }
}
