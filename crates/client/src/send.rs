//! Sending a transaction so that one decision lands at most once. The transaction is signed
//! once; after a transport failure the same bytes (same signature) are sent again until the
//! cluster confirms them or their blockhash expires. Re-signing with a fresh blockhash after a
//! timeout could land the same action twice; a signature cannot.
//!
//! Optionally the transaction is simulated first: a program error then costs nothing (no
//! fee, nothing sent), and the measured compute units size the limit (and so the priority
//! fee paid).
use crate::{
    budget::compute_budget_instructions,
    rpc::{Client, SendOptions},
};
use anchor_lang::solana_program::instruction::Instruction;
use anyhow::{bail, Context, Result};
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_message::{v0, AddressLookupTableAccount, VersionedMessage};
use solana_rpc_client_api::config::{RpcSendTransactionConfig, RpcSimulateTransactionConfig};
use solana_signer::Signer;
use solana_transaction::{versioned::VersionedTransaction, Message, Signature, TransactionError};
use std::time::{Duration, Instant};

/// How long between re-sends of the same signed transaction while it is unconfirmed.
const RESEND_EVERY: Duration = Duration::from_secs(2);
const POLL_EVERY: Duration = Duration::from_millis(400);

#[derive(Debug, Clone, Copy)]
pub struct SubmitOptions {
    pub send: SendOptions,
    /// Simulate before sending; a failing simulation is returned as `Rejected` unsent.
    pub simulate: bool,
    /// Lower the compute-unit limit to what the simulation used plus a margin.
    pub fit_compute_limit: bool,
    /// Give up waiting after this long; the outcome is then `InDoubt`.
    pub confirm_timeout: Duration,
}

impl From<SendOptions> for SubmitOptions {
    fn from(send: SendOptions) -> Self {
        Self {
            send,
            simulate: true,
            fit_compute_limit: false,
            confirm_timeout: Duration::from_secs(90),
        }
    }
}

/// What became of a transaction.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Confirmed without error.
    Landed { signature: Signature, slot: u64 },
    /// The program refused it: in the simulation (`signature` None: nothing was sent) or
    /// on chain (the fee was paid).
    Rejected {
        signature: Option<Signature>,
        error: TransactionError,
        logs: Vec<String>,
    },
    /// Its blockhash expired without the cluster having seen it: it can never land.
    Expired { signature: Signature },
    /// Not confirmed within the timeout and its blockhash not yet expired (the RPC node may
    /// be unreachable): it may still land until block height `last_valid_block_height`.
    InDoubt {
        signature: Signature,
        last_valid_block_height: u64,
    },
}

/// A compute-unit limit for a transaction that used `units` in simulation: 15% and 2,000
/// units of margin (state can move between simulation and execution), never above `cap`.
pub fn fitted_compute_limit(units: u64, cap: Option<u32>) -> u32 {
    let fitted = units.saturating_add(units / 20 * 3).saturating_add(2_000);
    let fitted = u32::try_from(fitted).unwrap_or(u32::MAX);
    cap.map_or(fitted, |c| fitted.min(c))
}

/// The program's own log lines for a rejected transaction, for error messages.
pub fn describe_rejection(error: &TransactionError, logs: &[String]) -> String {
    let mut s = format!("transaction rejected: {error}");
    for line in logs
        .iter()
        .filter(|l| l.contains("Error") || l.contains("failed"))
    {
        s.push_str("\n  ");
        s.push_str(line);
    }
    s
}

impl Client {
    /// Simulates (unless told not to), signs once, sends and waits for confirmation,
    /// re-sending the same signed bytes after transport failures. `Err` only when no
    /// blockhash could be fetched (nothing was sent).
    pub fn submit(
        &self,
        ixs: &[Instruction],
        signers: &[&Keypair],
        opts: &SubmitOptions,
    ) -> Result<Outcome> {
        self.submit_with_tables(ixs, signers, &[], opts)
    }

    /// `submit` as a version-0 transaction whose accounts may be read from the address
    /// lookup `tables` (a legacy transaction when there are none): what lets a flash loan,
    /// a liquidation and a swap fit in one transaction's 1,232 bytes.
    pub fn submit_with_tables(
        &self,
        ixs: &[Instruction],
        signers: &[&Keypair],
        tables: &[AddressLookupTableAccount],
        opts: &SubmitOptions,
    ) -> Result<Outcome> {
        let mut send = opts.send;
        if opts.simulate {
            let sim = self.simulate(ixs, tables, &send)?;
            if let Some(error) = sim.err {
                return Ok(Outcome::Rejected {
                    signature: None,
                    error: error.into(),
                    logs: sim.logs.unwrap_or_default(),
                });
            }
            if let (true, Some(units)) = (opts.fit_compute_limit, sim.units_consumed) {
                send.compute_unit_limit =
                    Some(fitted_compute_limit(units, send.compute_unit_limit));
            }
        }
        let (blockhash, last_valid_block_height) = self
            .retry_rpc(|| {
                self.rpc
                    .get_latest_blockhash_with_commitment(CommitmentConfig::confirmed())
            })
            .context("fetching a blockhash")?;
        let mut keys: Vec<&Keypair> = vec![&self.payer];
        keys.extend(
            signers
                .iter()
                .copied()
                .filter(|k| k.pubkey() != self.payer.pubkey()),
        );
        let message = self.message(&self.with_budget(ixs, &send), tables, blockhash)?;
        let tx = VersionedTransaction::try_new(message, &keys).context("signing")?;
        Ok(self.confirm(&tx, last_valid_block_height, opts.confirm_timeout))
    }

    /// A legacy message without tables, a version-0 one with them.
    fn message(
        &self,
        ixs: &[Instruction],
        tables: &[AddressLookupTableAccount],
        blockhash: solana_transaction::Hash,
    ) -> Result<VersionedMessage> {
        let payer = self.payer.pubkey();
        Ok(if tables.is_empty() {
            VersionedMessage::Legacy(Message::new_with_blockhash(ixs, Some(&payer), &blockhash))
        } else {
            VersionedMessage::V0(
                v0::Message::try_compile(&payer, ixs, tables, blockhash)
                    .context("compiling a version-0 message")?,
            )
        })
    }

    fn with_budget(&self, ixs: &[Instruction], send: &SendOptions) -> Vec<Instruction> {
        let mut all = compute_budget_instructions(send);
        all.extend_from_slice(ixs);
        all
    }

    fn simulate(
        &self,
        ixs: &[Instruction],
        tables: &[AddressLookupTableAccount],
        send: &SendOptions,
    ) -> Result<solana_rpc_client_api::response::RpcSimulateTransactionResult> {
        // unsigned (the node checks no signature and replaces the blockhash)
        let message = self.message(&self.with_budget(ixs, send), tables, Default::default())?;
        let tx = VersionedTransaction {
            signatures: vec![
                Signature::default();
                message.header().num_required_signatures as usize
            ],
            message,
        };
        let config = RpcSimulateTransactionConfig {
            sig_verify: false,
            replace_recent_blockhash: true,
            commitment: Some(CommitmentConfig::confirmed()),
            ..RpcSimulateTransactionConfig::default()
        };
        self.retry_rpc(|| {
            self.rpc
                .simulate_transaction_with_config(&tx, config.clone())
        })
        .map(|r| r.value)
        .context("simulating")
    }

    /// A few attempts of a read-only RPC call, transport failures counted.
    pub(crate) fn retry_rpc<T>(
        &self,
        mut call: impl FnMut() -> Result<T, solana_rpc_client_api::client_error::Error>,
    ) -> Result<T> {
        let mut attempt = 0u32;
        loop {
            match call() {
                Ok(v) => return Ok(v),
                Err(e) => {
                    let e = self.fault(e);
                    if attempt >= self.send.retries {
                        return Err(e);
                    }
                    std::thread::sleep(Duration::from_millis(250 << attempt.min(4)));
                    attempt += 1;
                }
            }
        }
    }

    fn confirm(
        &self,
        tx: &VersionedTransaction,
        last_valid_block_height: u64,
        timeout: Duration,
    ) -> Outcome {
        let signature = tx.signatures[0];
        let config = RpcSendTransactionConfig {
            skip_preflight: true,
            max_retries: Some(0),
            ..RpcSendTransactionConfig::default()
        };
        let start = Instant::now();
        let mut last_send: Option<Instant> = None;
        let mut last_expiry_check = Instant::now();
        loop {
            if last_send.is_none_or(|t| t.elapsed() >= RESEND_EVERY) {
                if let Err(e) = self.rpc.send_transaction_with_config(tx, config) {
                    self.fault(e);
                }
                last_send = Some(Instant::now());
            }
            std::thread::sleep(POLL_EVERY);
            if let Some(outcome) = self.status(&signature) {
                return outcome;
            }
            if last_expiry_check.elapsed() >= RESEND_EVERY {
                last_expiry_check = Instant::now();
                if let Some(outcome) = self.expired(&signature, last_valid_block_height) {
                    return outcome;
                }
            }
            if start.elapsed() >= timeout {
                return Outcome::InDoubt {
                    signature,
                    last_valid_block_height,
                };
            }
        }
    }

    /// `Landed` or `Rejected` once `signature` is confirmed; `None` while unseen.
    pub fn status(&self, signature: &Signature) -> Option<Outcome> {
        let statuses = match self.rpc.get_signature_statuses(&[*signature]) {
            Ok(r) => r.value,
            Err(e) => {
                self.fault(e);
                return None;
            }
        };
        let status = statuses.into_iter().next().flatten()?;
        if !status.satisfies_commitment(CommitmentConfig::confirmed()) {
            return None;
        }
        Some(match status.err {
            None => Outcome::Landed {
                signature: *signature,
                slot: status.slot,
            },
            Some(error) => Outcome::Rejected {
                signature: Some(*signature),
                error,
                logs: vec![],
            },
        })
    }

    /// Whether a transaction that was `InDoubt` can still land: `Some(outcome)` once it is
    /// decided (landed, rejected or expired), `None` while it may still land.
    pub fn resolve(&self, signature: &Signature, last_valid_block_height: u64) -> Option<Outcome> {
        self.status(signature)
            .or_else(|| self.expired(signature, last_valid_block_height))
    }

    /// Once the cluster is past `last_valid_block_height`: the transaction's final status,
    /// or `Expired` (one last look: it may have landed in the last block before expiry).
    /// `None` while its blockhash is valid or the height cannot be read.
    fn expired(&self, signature: &Signature, last_valid_block_height: u64) -> Option<Outcome> {
        match self
            .rpc
            .get_block_height_with_commitment(CommitmentConfig::confirmed())
        {
            Ok(h) if h > last_valid_block_height => {
                Some(self.status(signature).unwrap_or(Outcome::Expired {
                    signature: *signature,
                }))
            }
            Ok(_) => None,
            Err(e) => {
                self.fault(e);
                None
            }
        }
    }
}

impl Client {
    /// Signs with the payer and `signers`, simulates, sends and waits for confirmation
    /// (`submit`: one signature, re-sent after transport failures). A transaction whose
    /// blockhash expired unseen is signed afresh, at most `retries` times; a program error
    /// is returned with the program's log lines.
    pub fn send(&self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<String> {
        let opts = SubmitOptions::from(self.send);
        for _ in 0..=self.send.retries {
            match self.submit(ixs, signers, &opts)? {
                Outcome::Landed { signature, .. } => return Ok(signature.to_string()),
                Outcome::Rejected { error, logs, .. } => bail!(describe_rejection(&error, &logs)),
                Outcome::Expired { .. } => continue,
                Outcome::InDoubt { signature, .. } => bail!(
                    "transaction {signature} not confirmed in time; it may still land: check it before retrying"
                ),
            }
        }
        bail!(
            "the transaction's blockhash expired {} times unseen",
            self.send.retries + 1
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fitted_limit_has_a_margin_and_respects_the_cap() {
        assert_eq!(fitted_compute_limit(40_000, None), 40_000 + 6_000 + 2_000);
        assert_eq!(fitted_compute_limit(40_000, Some(45_000)), 45_000);
        assert_eq!(fitted_compute_limit(0, Some(120_000)), 2_000);
        assert_eq!(fitted_compute_limit(u64::MAX, None), u32::MAX);
    }

    #[test]
    fn a_rejection_shows_the_programs_error_lines() {
        let logs = vec![
            "Program log: Instruction: Unstake".to_string(),
            "Program log: AnchorError occurred. Error Code: UnstakeCooldownActive.".to_string(),
        ];
        let s = describe_rejection(&TransactionError::AccountNotFound, &logs);
        assert!(s.contains("UnstakeCooldownActive"), "{s}");
        assert!(!s.contains("Instruction: Unstake"), "{s}");
    }
}
