//! One transaction of the program as the indexer keeps it: its place in the ledger and its
//! events in emission order, from the inner instructions (`emit_cpi!`) and the logs
//! (`emit!`) of a confirmed transaction read over RPC.
use crate::idl_json::IdlEvents;
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context, Result};
use lending_pool_sdk::program_events::{cpi_event_bytes, log_event_bytes, ProgramEvent};
use solana_transaction_status_client_types::{
    option_serializer::OptionSerializer, EncodedConfirmedTransactionWithStatusMeta, UiInstruction,
};

#[derive(Debug, Clone)]
pub struct IndexedEvent {
    pub raw: Vec<u8>,
    pub event: ProgramEvent,
    /// The IDL's decoding (what the database and the API carry).
    pub json: serde_json::Value,
}

impl IndexedEvent {
    /// `raw` (discriminator first) as one of the program's events and as the IDL's JSON.
    pub fn decode(raw: Vec<u8>, idl: &IdlEvents) -> Result<Self> {
        let event = ProgramEvent::decode(&raw).context("bytes that are no event of the program")?;
        let (_, json) = idl.decode(&raw)?;
        Ok(Self { raw, event, json })
    }
}

#[derive(Debug, Clone)]
pub struct IndexedTx {
    pub signature: String,
    pub slot: u64,
    /// Position in the block (the transaction's index when the node reports it).
    pub tx_order: u64,
    pub block_time: Option<i64>,
    pub events: Vec<IndexedEvent>,
    /// The node cut this transaction's logs short (`Log truncated`): events emitted with
    /// `emit!` after the cut are gone; `emit_cpi!` events are not affected.
    pub logs_truncated: bool,
}

impl IndexedTx {
    /// Decodes every event `program` emitted in `tx`. A failed transaction changed nothing,
    /// so it is refused (its logs can hold events of instructions that were rolled back).
    pub fn from_rpc(
        signature: String,
        tx: &EncodedConfirmedTransactionWithStatusMeta,
        program: &Pubkey,
        idl: &IdlEvents,
    ) -> Result<Self> {
        let meta = tx
            .transaction
            .meta
            .as_ref()
            .context("transaction without status meta")?;
        if meta.err.is_some() {
            bail!("transaction {signature} failed: it has no effects to index");
        }
        let decoded = tx
            .transaction
            .transaction
            .decode()
            .context("transaction is not in a binary encoding")?;
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
                    let data = bs58::decode(&ix.data)
                        .into_vec()
                        .context("inner instruction data")?;
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
            .map(|raw| IndexedEvent::decode(raw, idl).with_context(|| signature.clone()))
            .collect::<Result<_>>()?;
        Ok(Self {
            signature,
            slot: tx.slot,
            tx_order: tx.transaction_index.map_or(0, u64::from),
            block_time: tx.block_time,
            events,
            logs_truncated,
        })
    }

    /// A stored transaction, decoded again from its events' bytes.
    pub fn from_store(
        stored: crate::store::StoredTx,
        raws: Vec<Vec<u8>>,
        idl: &IdlEvents,
    ) -> Result<Self> {
        let events = raws
            .into_iter()
            .map(|raw| IndexedEvent::decode(raw, idl).context("a stored event no longer decodes"))
            .collect::<Result<_>>()?;
        Ok(Self {
            signature: stored.signature,
            slot: stored.slot,
            tx_order: stored.tx_order,
            block_time: stored.block_time,
            events,
            logs_truncated: false,
        })
    }
}
