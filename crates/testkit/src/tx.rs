//! What a processed transaction gave back: its outcome (compute units, logs, return data,
//! decoded events) or its failure (the error and the logs).
use anchor_lang::{AnchorDeserialize, Discriminator, Event};
use solana_transaction::TransactionError;

/// A transaction that went through.
#[derive(Debug, Clone)]
pub struct TxOutcome {
    pub compute_units: u64,
    pub logs: Vec<String>,
    pub return_data: Option<Vec<u8>>,
    /// The program's events, raw (discriminator first), in emission order.
    pub events: Vec<Vec<u8>>,
    /// Each top-level instruction's program and number of accounts, in order.
    pub instructions: Vec<(anchor_lang::prelude::Pubkey, usize)>,
}

impl TxOutcome {
    /// Decodes every event of type `E` the transaction emitted.
    pub fn events<E: Event + AnchorDeserialize + Discriminator>(&self) -> Vec<E> {
        self.event_payloads()
            .into_iter()
            .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
            .filter_map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).ok())
            .collect()
    }

    /// Every event's raw bytes (discriminator first), in the order they were emitted
    /// (`emit_cpi!` inner instructions; see `Bank::process`).
    pub fn event_payloads(&self) -> Vec<Vec<u8>> {
        self.events.clone()
    }

    /// The single event of type `E`; panics if there is not exactly one.
    pub fn event<E: Event + AnchorDeserialize + Discriminator>(&self) -> E {
        let mut all = self.events::<E>();
        assert_eq!(
            all.len(),
            1,
            "expected exactly one event, logs:\n{}",
            self.logs.join("\n")
        );
        all.pop().unwrap()
    }
}

/// A transaction that failed.
#[derive(Debug, Clone)]
pub struct TxFailure {
    pub error: TransactionError,
    pub logs: Vec<String>,
}

pub type TxResult = Result<TxOutcome, TxFailure>;
