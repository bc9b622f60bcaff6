//! One consistent snapshot of a pool's book: the pool, its insurance fund and their vaults
//! and mints, every position and insurance stake of the pool, and the oracle accounts,
//! read with `getMultipleAccounts` at one slot (the positions and stakes are listed first;
//! reads of more than 100 accounts are chunked and retried until every chunk answers at the
//! same slot). The simulator stresses it (`simulate --from-chain`); the indexer serves it
//! (`GET /api/pools/{pool}/book`, the JSON of `to_json`), so a risk team can stress the
//! book the indexer sees without naming its oracles (`simulate --from-indexer`).
use crate::rpc::{clock_unix_time, positions_request, stakes_request, CLOCK_SYSVAR_ID};
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, ensure, Context, Result};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use lending_pool_sdk::{accounts::decode_zero_copy, state::Pool, PoolAddresses};
use serde_json::{json, Value};
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::config::RpcProgramAccountsConfig;

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
    /// The chain's clock at `slot` (its Clock sysvar, read with the book): a stress starts
    /// there, so the interest it accrues depends on the book alone, not on when it runs.
    pub unix_time: i64,
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
            CLOCK_SYSVAR_ID,
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
        let (slot, mut accounts) = read_at_one_slot(&rpc, &keys)?;
        let clock = accounts.remove(0);
        ensure!(
            clock.key == CLOCK_SYSVAR_ID,
            "the node served no clock sysvar"
        );
        let unix_time = clock_unix_time(&clock.data)?;
        // a position or stake closed since it was listed is simply not in the book
        let present = |k: &Pubkey| accounts.iter().any(|a| a.key == *k);
        Ok(Self {
            slot,
            unix_time,
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

    /// The snapshot as JSON: keys in base58, account data in base64.
    pub fn to_json(&self) -> Value {
        let keys = |v: &[Pubkey]| v.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        json!({
            "slot": self.slot,
            "unix_time": self.unix_time,
            "pool": self.pool.to_string(),
            "positions": keys(&self.positions),
            "stakes": keys(&self.stakes),
            "base_oracle": self.base_oracle.to_string(),
            "oracles": keys(&self.oracles),
            "accounts": self.accounts.iter().map(|a| json!({
                "key": a.key.to_string(),
                "owner": a.owner.to_string(),
                "lamports": a.lamports,
                "data": BASE64.encode(&a.data),
            })).collect::<Vec<_>>(),
        })
    }

    /// Reads `to_json`'s form back.
    pub fn from_json(v: &Value) -> Result<Self> {
        let str_of = |v: &Value, field: &str| -> Result<String> {
            v[field]
                .as_str()
                .map(str::to_string)
                .with_context(|| format!("the book has no {field}"))
        };
        let key_of = |v: &Value, field: &str| -> Result<Pubkey> {
            let s = str_of(v, field)?;
            s.parse()
                .map_err(|_| anyhow!("{field} {s:?} is not a public key"))
        };
        let keys_of = |field: &str| -> Result<Vec<Pubkey>> {
            v[field]
                .as_array()
                .with_context(|| format!("the book has no {field}"))?
                .iter()
                .map(|k| {
                    k.as_str()
                        .and_then(|s| s.parse().ok())
                        .with_context(|| format!("{field}: {k} is not a public key"))
                })
                .collect()
        };
        let accounts = v["accounts"]
            .as_array()
            .context("the book has no accounts")?
            .iter()
            .map(|a| {
                Ok(RawAccount {
                    key: key_of(a, "key")?,
                    owner: key_of(a, "owner")?,
                    lamports: a["lamports"]
                        .as_u64()
                        .context("an account without lamports")?,
                    data: BASE64
                        .decode(str_of(a, "data")?)
                        .context("an account's data is not base64")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            slot: v["slot"].as_u64().context("the book has no slot")?,
            unix_time: v["unix_time"]
                .as_i64()
                .context("the book has no unix_time")?,
            pool: key_of(v, "pool")?,
            positions: keys_of("positions")?,
            stakes: keys_of("stakes")?,
            base_oracle: key_of(v, "base_oracle")?,
            oracles: keys_of("oracles")?,
            accounts,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_reads_back_from_its_json() {
        let k = |b: u8| Pubkey::new_from_array([b; 32]);
        let snap = Snapshot {
            slot: 42,
            unix_time: -3,
            pool: k(1),
            positions: vec![k(2), k(3)],
            stakes: vec![k(4)],
            base_oracle: k(5),
            oracles: vec![k(6), k(7)],
            accounts: vec![
                RawAccount {
                    key: k(1),
                    owner: k(9),
                    lamports: 7,
                    data: vec![0, 1, 255],
                },
                RawAccount {
                    key: k(2),
                    owner: k(9),
                    lamports: u64::MAX,
                    data: vec![],
                },
            ],
        };
        let back = Snapshot::from_json(&snap.to_json()).unwrap();
        assert_eq!((back.slot, back.unix_time), (42, -3));
        assert_eq!((back.pool, back.base_oracle), (snap.pool, snap.base_oracle));
        assert_eq!(
            (&back.positions, &back.stakes),
            (&snap.positions, &snap.stakes)
        );
        assert_eq!(back.oracles, snap.oracles);
        assert_eq!(back.accounts, snap.accounts);
    }

    #[test]
    fn a_malformed_book_is_refused_with_the_field() {
        let mut v = Snapshot {
            slot: 1,
            unix_time: 1_700_000_000,
            pool: Pubkey::new_unique(),
            positions: vec![],
            stakes: vec![],
            base_oracle: Pubkey::new_unique(),
            oracles: vec![],
            accounts: vec![],
        }
        .to_json();
        v["pool"] = json!("not-a-key");
        let e = Snapshot::from_json(&v).unwrap_err().to_string();
        assert!(e.contains("pool"), "{e}");
        v = json!({});
        assert!(Snapshot::from_json(&v).is_err());
    }
}
