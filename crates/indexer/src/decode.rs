//! The pipeline's second stage (source → **decode** → store → index): one transaction of the
//! program as the indexer keeps it, its place in the ledger and its events in emission
//! order, from the inner instructions (`emit_cpi!`) and the logs (`emit!`) of a confirmed
//! transaction the source read. Each event's bytes are decoded here once, into the
//! program's own event type (what the replay applies); the store renders the JSON it keeps
//! from the same bytes by the IDL, and a rebuild from the database decodes them once again
//! here, without the JSON.
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context, Result};
use lending_pool_sdk::program_events::{cpi_event_bytes, log_event_bytes, ProgramEvent};
use solana_transaction_status_client_types::{
    option_serializer::OptionSerializer, EncodedTransactionWithStatusMeta, UiInstruction,
};

#[derive(Debug, Clone)]
pub struct DecodedEvent {
    /// Discriminator first, as emitted (what the database keeps).
    pub raw: Vec<u8>,
    pub event: ProgramEvent,
}

impl DecodedEvent {
    /// `raw` (discriminator first) as one of the program's events.
    pub fn decode(raw: Vec<u8>) -> Result<Self> {
        let event = ProgramEvent::decode(&raw).context("bytes that are no event of the program")?;
        Ok(Self { raw, event })
    }
}

#[derive(Debug, Clone)]
pub struct DecodedTx {
    pub signature: String,
    pub slot: u64,
    /// Position in its block.
    pub tx_order: u64,
    pub block_time: Option<i64>,
    pub events: Vec<DecodedEvent>,
    /// The node cut this transaction's logs short (`Log truncated`): events emitted with
    /// `emit!` after the cut are gone; `emit_cpi!` events are not affected.
    pub logs_truncated: bool,
}

impl DecodedTx {
    /// The `index`-th transaction of block `slot`, if `wanted` takes its signature: every
    /// event `program` emitted in it, decoded (the transaction itself is decoded once, for
    /// its signature and its keys). A failed transaction changed nothing, so it is refused
    /// (its logs can hold events of instructions that were rolled back).
    pub fn from_block(
        (slot, index, block_time): (u64, usize, Option<i64>),
        tx: &EncodedTransactionWithStatusMeta,
        program: &Pubkey,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<Option<Self>> {
        let decoded = tx
            .transaction
            .decode()
            .context("a block transaction is not in a binary encoding")?;
        let Some(signature) = decoded.signatures.first().map(|s| s.to_string()) else {
            return Ok(None);
        };
        if !wanted(&signature) {
            return Ok(None);
        }
        let meta = tx
            .meta
            .as_ref()
            .context("transaction without status meta")?;
        if meta.err.is_some() {
            bail!("transaction {signature} failed: it has no effects to index");
        }
        let mut keys: Vec<Pubkey> = decoded
            .message
            .static_account_keys()
            .iter()
            .map(|k| Pubkey::new_from_array(k.to_bytes()))
            .collect();
        if let OptionSerializer::Some(loaded) = &meta.loaded_addresses {
            for k in loaded.writable.iter().chain(&loaded.readonly) {
                keys.push(k.parse().context("loaded address")?);
            }
        }
        let mut raws = vec![];
        if let OptionSerializer::Some(inner) = &meta.inner_instructions {
            for group in inner {
                for ix in &group.instructions {
                    let UiInstruction::Compiled(ix) = ix else {
                        bail!("inner instructions must be compiled (binary encoding)");
                    };
                    if keys.get(ix.program_id_index as usize) != Some(program) {
                        continue;
                    }
                    let data = crate::base58::decode(&ix.data).context("inner instruction data")?;
                    if let Some(bytes) = cpi_event_bytes(&data) {
                        raws.push(bytes.to_vec());
                    }
                }
            }
        }
        let mut logs_truncated = false;
        if let OptionSerializer::Some(logs) = &meta.log_messages {
            logs_truncated = logs.iter().any(|l| l == "Log truncated");
            raws.extend(log_event_bytes(logs, program));
        }
        let events = raws
            .into_iter()
            .map(|raw| DecodedEvent::decode(raw).with_context(|| signature.clone()))
            .collect::<Result<_>>()?;
        Ok(Some(Self {
            signature,
            slot,
            tx_order: index as u64,
            block_time,
            events,
            logs_truncated,
        }))
    }
}
