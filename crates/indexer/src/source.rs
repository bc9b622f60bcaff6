//! The pipeline's first stage (**source** → decode → store → index): what the indexer
//! reads from a node, at confirmed commitment: the program's new
//! transactions since the cursor, each decoded, in ledger order; and a snapshot of a pool's
//! accounts to reconcile against.
use crate::decode::DecodedTx;
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use anyhow::{bail, Context, Result};
use futures_util::{stream, StreamExt, TryStreamExt};
use lending_pool_sdk::{
    accounts::{decode_insurance_fund, decode_pool},
    replay::ChainBooks,
};
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_rpc_client::rpc_client::GetConfirmedSignaturesForAddress2Config;
use solana_transaction_status_client_types::{TransactionDetails, UiTransactionEncoding};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Signatures per `getSignaturesForAddress` page (the node's maximum).
const PAGE: usize = 1_000;
/// `getBlock` calls in flight at once.
const BLOCK_CONCURRENCY: usize = 8;

/// The accounts that hold one pool's books (from its `PoolInitialized` event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolKeys {
    pub pool: Pubkey,
    pub insurance_fund: Pubkey,
    pub lp_mint: Pubkey,
    pub base_vault: Pubkey,
    pub insurance_vault: Pubkey,
}

pub struct Source {
    pub rpc: RpcClient,
    pub program: Pubkey,
}

impl Source {
    pub fn new(url: &str, program: Pubkey) -> Self {
        Self {
            rpc: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
            program,
        }
    }

    /// The program's successful transactions the index does not hold, oldest first, as
    /// `(signature, slot)`: newest-first pages back to `floor`, the slot of the newest
    /// transaction held (read again whole: transactions of that slot after it are new; 0
    /// with nothing held reads back to the program's first transaction).
    pub async fn new_signatures(
        &self,
        floor: u64,
        known: &HashSet<String>,
    ) -> Result<Vec<(String, u64)>> {
        let mut out = vec![];
        let mut before = None;
        loop {
            let page = self
                .rpc
                .get_signatures_for_address_with_config(
                    &self.program,
                    GetConfirmedSignaturesForAddress2Config {
                        before,
                        until: None,
                        limit: Some(PAGE),
                        commitment: Some(CommitmentConfig::confirmed()),
                    },
                )
                .await
                .context("getSignaturesForAddress")?;
            let full = page.len() == PAGE;
            let mut reached_floor = false;
            for s in &page {
                if s.slot < floor {
                    reached_floor = true;
                    break;
                }
                if s.err.is_none() && !known.contains(&s.signature) {
                    out.push((s.signature.clone(), s.slot));
                }
            }
            match page.last() {
                Some(last) if full && !reached_floor => before = Some(last.signature.parse()?),
                _ => break,
            }
        }
        out.reverse();
        Ok(out)
    }

    /// Whether the node knows `signature` (a database from another chain, such as a restarted
    /// local validator's, holds a cursor this node never saw).
    pub async fn knows(&self, signature: &str) -> Result<bool> {
        let statuses = self
            .rpc
            .get_signature_statuses_with_history(&[signature.parse()?])
            .await
            .context("getSignatureStatuses")?;
        Ok(statuses.value.first().is_some_and(Option::is_some))
    }

    /// Fetches and decodes `sigs` in ledger order (slot, then position in the block): one
    /// `getBlock` per slot holding any of them, [`BLOCK_CONCURRENCY`] at once, not one
    /// `getTransaction` per signature. A busy slot holds hundreds of the program's
    /// transactions; its block gives their order too.
    pub async fn fetch(&self, sigs: &[(String, u64)]) -> Result<Vec<DecodedTx>> {
        let wanted: HashSet<&str> = sigs.iter().map(|(s, _)| s.as_str()).collect();
        let slots: BTreeSet<u64> = sigs.iter().map(|&(_, slot)| slot).collect();
        let blocks: Vec<Vec<DecodedTx>> = stream::iter(slots)
            .map(|slot| self.block(slot, &wanted))
            .buffered(BLOCK_CONCURRENCY)
            .try_collect()
            .await?;
        let txs: Vec<DecodedTx> = blocks.into_iter().flatten().collect();
        if txs.len() != wanted.len() {
            bail!(
                "{} of {} signatures were not in their blocks",
                wanted.len() - txs.len(),
                wanted.len()
            );
        }
        Ok(txs)
    }

    /// The transactions of block `slot` that are `wanted`, decoded, in block order.
    async fn block(&self, slot: u64, wanted: &HashSet<&str>) -> Result<Vec<DecodedTx>> {
        let block = self
            .rpc
            .get_block_with_config(
                slot,
                solana_rpc_client_api::config::RpcBlockConfig {
                    encoding: Some(UiTransactionEncoding::Base64),
                    transaction_details: Some(TransactionDetails::Full),
                    rewards: Some(false),
                    commitment: Some(CommitmentConfig::confirmed()),
                    max_supported_transaction_version: Some(0),
                },
            )
            .await
            .with_context(|| format!("getBlock {slot}"))?;
        let mut out = vec![];
        for (index, tx) in block.transactions.iter().flatten().enumerate() {
            let place = (slot, index, block.block_time);
            if let Some(tx) =
                DecodedTx::from_block(place, tx, &self.program, |s| wanted.contains(s))?
            {
                out.push(tx);
            }
        }
        Ok(out)
    }

    /// Every pool's accounts, read 20 pools per `getMultipleAccounts` (the node's limit is
    /// 100 accounts): `[(slot, books by pool)]`, one entry per call, each read at one slot. A
    /// pool whose accounts are missing is left out.
    pub async fn snapshot(
        &self,
        pools: &[PoolKeys],
    ) -> Result<Vec<(u64, BTreeMap<Pubkey, ChainBooks>)>> {
        let mut all = vec![];
        for chunk in pools.chunks(20) {
            let mut out = BTreeMap::new();
            let keys: Vec<Pubkey> = chunk
                .iter()
                .flat_map(|p| {
                    [
                        p.pool,
                        p.insurance_fund,
                        p.lp_mint,
                        p.base_vault,
                        p.insurance_vault,
                    ]
                })
                .collect();
            let r = self
                .rpc
                .get_multiple_accounts_with_commitment(&keys, CommitmentConfig::confirmed())
                .await
                .context("getMultipleAccounts")?;
            for (p, accts) in chunk.iter().zip(r.value.chunks(5)) {
                let [Some(pool), Some(fund), Some(mint), Some(base), Some(ins)] =
                    [&accts[0], &accts[1], &accts[2], &accts[3], &accts[4]]
                else {
                    continue;
                };
                out.insert(
                    p.pool,
                    ChainBooks {
                        pool: decode_pool(&pool.data)
                            .with_context(|| format!("pool {}", p.pool))?,
                        fund: decode_insurance_fund(&fund.data)?,
                        lp_supply: mint_supply(&mint.data)?,
                        base_vault: token_amount(&base.data)?,
                        insurance_vault: token_amount(&ins.data)?,
                    },
                );
            }
            all.push((r.context.slot, out));
        }
        all.sort_by_key(|(slot, _)| *slot);
        Ok(all)
    }
}

fn mint_supply(data: &[u8]) -> Result<u64> {
    use anchor_lang::solana_program::program_pack::Pack;
    Ok(spl_token::state::Mint::unpack(data)
        .context("LP mint")?
        .supply)
}

fn token_amount(data: &[u8]) -> Result<u64> {
    use anchor_lang::solana_program::program_pack::Pack;
    Ok(spl_token::state::Account::unpack(data)
        .context("vault")?
        .amount)
}
