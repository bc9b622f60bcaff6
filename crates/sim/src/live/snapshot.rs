//! One consistent snapshot of a pool's book: the pool, its insurance fund and their vaults
//! and mints, every position and insurance stake of the pool, and the oracle accounts,
//! read with `getMultipleAccounts` at one slot (the positions and stakes are listed first;
//! reads of more than 100 accounts are chunked and retried until every chunk answers at the
//! same slot).
use anchor_lang::{prelude::Pubkey, Discriminator};
use anyhow::{anyhow, bail, ensure, Context, Result};
use lending_pool_client::rpc::positions_request;
use lending_pool_sdk::{
    accounts::decode_zero_copy,
    state::{InsuranceStake, Pool},
    PoolAddresses,
};
use solana_account_decoder_client_types::UiAccountEncoding;
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::{
    config::{RpcAccountInfoConfig, RpcProgramAccountsConfig},
    filter::{Memcmp, RpcFilterType},
};

/// An account as the chain holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAccount {
    pub key: Pubkey,
    pub owner: Pubkey,
    pub lamports: u64,
    pub data: Vec<u8>,
}

/// The book at one slot.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub slot: u64,
    pub pool: Pubkey,
    pub positions: Vec<Pubkey>,
    pub stakes: Vec<Pubkey>,
    pub base_oracle: Pubkey,
    /// One per collateral slot, in slot order.
    pub oracles: Vec<Pubkey>,
    pub accounts: Vec<RawAccount>,
}

/// Accounts per `getMultipleAccounts` (the RPC's limit).
const CHUNK: usize = 100;
/// Attempts at reading every chunk at one slot.
const ATTEMPTS: usize = 10;

impl Snapshot {
    /// Reads `pool`'s book over `url`, priced by `base_oracle` and one oracle per collateral
    /// slot.
    pub fn read(
        url: &str,
        pool: &Pubkey,
        base_oracle: &Pubkey,
        oracles: &[Pubkey],
    ) -> Result<Self> {
        let rpc = RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed());
        let data = rpc
            .get_account_data(pool)
            .with_context(|| format!("reading the pool {pool}"))?;
        let p: Pool =
            decode_zero_copy(&data).map_err(|e| anyhow!("{pool} is not a pool: {e:?}"))?;
        ensure!(
            oracles.len() == p.num_collaterals as usize,
            "the pool has {} collateral slots: give one oracle per slot, in order",
            p.num_collaterals
        );
        let addrs = PoolAddresses::derive(&p.base_mint, &p.creator);
        let positions = list(&rpc, positions_request(pool))?;
        let stakes = list(&rpc, stakes_request(pool))?;
        let mut keys = vec![
            *pool,
            addrs.insurance_fund,
            addrs.base_vault,
            addrs.insurance_vault,
            addrs.lp_mint,
            p.base_mint,
            *base_oracle,
        ];
        for c in &p.collaterals[..p.num_collaterals as usize] {
            keys.extend([c.mint, c.vault]);
        }
        keys.extend(oracles.iter().copied());
        keys.extend(positions.iter().copied());
        keys.extend(stakes.iter().copied());
        let (slot, accounts) = read_at_one_slot(&rpc, &keys)?;
        // a position or stake closed since it was listed is simply not in the book
        let present = |k: &Pubkey| accounts.iter().any(|a| a.key == *k);
        Ok(Self {
            slot,
            pool: *pool,
            positions: positions.into_iter().filter(|k| present(k)).collect(),
            stakes: stakes.into_iter().filter(|k| present(k)).collect(),
            base_oracle: *base_oracle,
            oracles: oracles.to_vec(),
            accounts,
        })
    }

    pub fn account(&self, key: &Pubkey) -> Option<&RawAccount> {
        self.accounts.iter().find(|a| a.key == *key)
    }
}

/// The pool's insurance stakes: discriminator and pool (the first field).
fn stakes_request(pool: &Pubkey) -> RpcProgramAccountsConfig {
    RpcProgramAccountsConfig {
        filters: Some(vec![
            RpcFilterType::DataSize(InsuranceStake::SPACE as u64),
            RpcFilterType::Memcmp(Memcmp::new_raw_bytes(
                0,
                InsuranceStake::DISCRIMINATOR.to_vec(),
            )),
            RpcFilterType::Memcmp(Memcmp::new_raw_bytes(8, pool.to_bytes().to_vec())),
        ]),
        account_config: RpcAccountInfoConfig {
            encoding: Some(UiAccountEncoding::Base64),
            commitment: Some(CommitmentConfig::confirmed()),
            ..RpcAccountInfoConfig::default()
        },
        with_context: None,
        sort_results: Some(true),
    }
}

fn list(rpc: &RpcClient, config: RpcProgramAccountsConfig) -> Result<Vec<Pubkey>> {
    Ok(rpc
        .get_program_ui_accounts_with_config(&lending_pool_sdk::PROGRAM_ID, config)
        .context("listing the pool's accounts")?
        .into_iter()
        .map(|(k, _)| k)
        .collect())
}

/// Every account of `keys` that exists, all read at one slot.
fn read_at_one_slot(rpc: &RpcClient, keys: &[Pubkey]) -> Result<(u64, Vec<RawAccount>)> {
    for _ in 0..ATTEMPTS {
        let mut slots = vec![];
        let mut accounts = vec![];
        for chunk in keys.chunks(CHUNK) {
            let r = rpc
                .get_multiple_accounts_with_commitment(chunk, CommitmentConfig::confirmed())
                .context("reading the book")?;
            slots.push(r.context.slot);
            for (key, a) in chunk.iter().zip(r.value) {
                if let Some(a) = a {
                    accounts.push(RawAccount {
                        key: *key,
                        owner: a.owner,
                        lamports: a.lamports,
                        data: a.data,
                    });
                }
            }
        }
        if slots.iter().all(|s| *s == slots[0]) {
            return Ok((slots[0], accounts));
        }
    }
    bail!(
        "could not read the {} accounts of the book at one slot in {ATTEMPTS} attempts",
        keys.len()
    )
}
