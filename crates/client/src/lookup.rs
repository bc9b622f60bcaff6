//! Address lookup tables: a table the payer owns, created and extended over RPC, read back
//! for version-0 messages. Addresses added in a slot can be looked up from the next slot
//! on, so each change waits for the cluster to pass it.
use crate::rpc::Client;
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, Context, Result};
use solana_address_lookup_table_interface::{instruction, state::AddressLookupTable};
use solana_commitment_config::CommitmentConfig;
use solana_message::AddressLookupTableAccount;
use std::time::{Duration, Instant};

/// Addresses one `ExtendLookupTable` carries (the transaction's size limits it).
const EXTEND_CHUNK: usize = 20;

impl Client {
    /// Creates a lookup table owned by the payer holding `addresses`; returns it once it
    /// can be used.
    pub fn create_lookup_table(&self, addresses: &[Pubkey]) -> Result<Pubkey> {
        let me = self.payer_key();
        let slot = self
            .rpc
            .get_slot_with_commitment(CommitmentConfig::finalized())
            .context("a recent slot for the lookup table's address")?;
        let (create, table) = instruction::create_lookup_table(me, me, slot);
        self.send(&[create], &[])
            .context("creating an address lookup table")?;
        self.extend_lookup_table(&table, addresses)?;
        Ok(table)
    }

    /// Adds to `table` (the payer's) those of `addresses` it lacks; returns how many, once
    /// they can be looked up.
    pub fn extend_lookup_table(&self, table: &Pubkey, addresses: &[Pubkey]) -> Result<usize> {
        let held = self.lookup_table(table)?.addresses;
        let mut new: Vec<Pubkey> = vec![];
        for a in addresses {
            if !held.contains(a) && !new.contains(a) {
                new.push(*a);
            }
        }
        let me = self.payer_key();
        for chunk in new.chunks(EXTEND_CHUNK) {
            let ix = instruction::extend_lookup_table(*table, me, Some(me), chunk.to_vec());
            self.send(&[ix], &[])
                .context("extending the address lookup table")?;
        }
        if !new.is_empty() {
            self.wait_for_next_slot()?;
        }
        Ok(new.len())
    }

    /// `table` as a version-0 message reads it.
    pub fn lookup_table(&self, table: &Pubkey) -> Result<AddressLookupTableAccount> {
        let data = self
            .account_data(table)?
            .ok_or_else(|| anyhow!("no address lookup table at {table}"))?;
        let state = AddressLookupTable::deserialize(&data)
            .map_err(|e| anyhow!("{table} is not an address lookup table: {e}"))?;
        Ok(AddressLookupTableAccount {
            key: *table,
            addresses: state.addresses.to_vec(),
        })
    }

    /// Waits until the confirmed slot is past the current one.
    fn wait_for_next_slot(&self) -> Result<()> {
        let slot = |c| self.rpc.get_slot_with_commitment(c);
        let now = slot(CommitmentConfig::confirmed())?;
        let start = Instant::now();
        while slot(CommitmentConfig::confirmed())? <= now {
            anyhow::ensure!(
                start.elapsed() < Duration::from_secs(30),
                "the cluster stayed at slot {now} for 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }
}
