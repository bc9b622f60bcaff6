//! The JSON-RPC side: reading the program's accounts and sending transactions with a
//! compute-unit limit, a priority fee and retries.
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction, Discriminator};
use anchor_spl::{associated_token, token::spl_token};
use anyhow::{anyhow, Context, Result};
use lending_pool_sdk::{
    accounts::decode_zero_copy,
    state::{InsuranceFund, InsuranceStake, Pool, Position},
    PROGRAM_ID,
};
use solana_account_decoder_client_types::UiAccountEncoding;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::{
    client_error::Error as ClientError,
    config::{RpcAccountInfoConfig, RpcProgramAccountsConfig},
    filter::{Memcmp, RpcFilterType},
};
use solana_signer::Signer;
use solana_transaction::Transaction;

const COMPUTE_BUDGET_PROGRAM_ID: Pubkey =
    anchor_lang::pubkey!("ComputeBudget111111111111111111111111111111");
const CLOCK_SYSVAR_ID: Pubkey = anchor_lang::pubkey!("SysvarC1ock11111111111111111111111111111111");

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

/// An RPC client error as one message. Its `Display` already shows its cause, which its
/// `source()` also returns: kept as a chain, `{:#}` would print the cause twice.
fn rpc_error(e: ClientError) -> anyhow::Error {
    anyhow!("{e}")
}

pub struct Client {
    pub rpc: RpcClient,
    pub payer: Keypair,
    pub send: SendOptions,
}

impl Client {
    pub fn new(url: &str, payer: Keypair, send: SendOptions) -> Self {
        Self {
            rpc: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
            payer,
            send,
        }
    }

    /// Signs with the payer and `signers`, sends, waits for confirmation. Retries with a
    /// fresh blockhash unless the program itself rejected the transaction (that would fail
    /// the same way again).
    pub fn send(&self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<String> {
        let mut all = compute_budget_instructions(&self.send);
        all.extend_from_slice(ixs);
        let mut keys: Vec<&Keypair> = vec![&self.payer];
        keys.extend(
            signers
                .iter()
                .copied()
                .filter(|k| k.pubkey() != self.payer.pubkey()),
        );
        let mut attempt = 0;
        loop {
            let blockhash = self.rpc.get_latest_blockhash().map_err(rpc_error)?;
            let tx = Transaction::new_signed_with_payer(
                &all,
                Some(&self.payer.pubkey()),
                &keys,
                blockhash,
            );
            match self.rpc.send_and_confirm_transaction(&tx) {
                Ok(sig) => return Ok(sig.to_string()),
                Err(e) if e.get_transaction_error().is_some() || attempt == self.send.retries => {
                    return Err(rpc_error(e));
                }
                Err(_) => {
                    std::thread::sleep(std::time::Duration::from_millis(500 << attempt));
                    attempt += 1;
                }
            }
        }
    }

    pub fn payer_key(&self) -> Pubkey {
        self.payer.pubkey()
    }

    pub fn account_data(&self, key: &Pubkey) -> Result<Option<Vec<u8>>> {
        self.rpc
            .get_account_with_commitment(key, CommitmentConfig::confirmed())
            .map(|r| r.value.map(|a| a.data))
            .map_err(rpc_error)
    }

    fn decode<T: anchor_lang::ZeroCopy + Discriminator>(
        &self,
        key: &Pubkey,
        what: &str,
    ) -> Result<T> {
        let data = self
            .account_data(key)?
            .with_context(|| format!("{what} {key} does not exist"))?;
        decode_zero_copy(&data).with_context(|| format!("{what} {key}"))
    }

    pub fn pool(&self, key: &Pubkey) -> Result<Pool> {
        self.decode(key, "pool")
    }

    pub fn insurance_fund(&self, key: &Pubkey) -> Result<InsuranceFund> {
        self.decode(key, "insurance fund")
    }

    /// A staker's `InsuranceStake`, `None` before `open_stake`.
    pub fn insurance_stake(&self, key: &Pubkey) -> Result<Option<InsuranceStake>> {
        self.account_data(key)?
            .map(|d| decode_zero_copy(&d).with_context(|| format!("insurance stake {key}")))
            .transpose()
    }

    pub fn position(&self, key: &Pubkey) -> Result<Position> {
        self.decode(key, "position")
    }

    /// Every position of `pool`: `getProgramAccounts` filtered by size, discriminator and pool.
    pub fn positions(&self, pool: &Pubkey) -> Result<Vec<(Pubkey, Position)>> {
        let mut filters = vec![RpcFilterType::DataSize(Position::SPACE as u64)];
        filters.extend(
            lending_pool_liquidator::scan::position_filters(pool)
                .into_iter()
                .map(|f| RpcFilterType::Memcmp(Memcmp::new_raw_bytes(f.offset, f.bytes))),
        );
        let config = RpcProgramAccountsConfig {
            filters: Some(filters),
            account_config: RpcAccountInfoConfig {
                encoding: Some(UiAccountEncoding::Base64),
                commitment: Some(CommitmentConfig::confirmed()),
                ..RpcAccountInfoConfig::default()
            },
            with_context: None,
            sort_results: Some(true),
        };
        let accounts = self
            .rpc
            .get_program_ui_accounts_with_config(&PROGRAM_ID, config)
            .map_err(rpc_error)?;
        accounts
            .into_iter()
            .map(|(key, ui)| {
                let data = ui
                    .data
                    .decode()
                    .with_context(|| format!("position {key}: undecodable data"))?;
                let pos = decode_zero_copy(&data).with_context(|| format!("position {key}"))?;
                Ok((key, pos))
            })
            .collect()
    }

    /// The cluster's clock (unix seconds), from the Clock sysvar: what the program sees.
    pub fn unix_time(&self) -> Result<i64> {
        let data = self
            .account_data(&CLOCK_SYSVAR_ID)?
            .context("no clock sysvar")?;
        // Clock: slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp
        let bytes: [u8; 8] = data
            .get(32..40)
            .and_then(|b| b.try_into().ok())
            .context("clock sysvar too short")?;
        Ok(i64::from_le_bytes(bytes))
    }

    pub fn token_balance(&self, account: &Pubkey) -> Result<u64> {
        use anchor_lang::solana_program::program_pack::Pack;
        let data = self
            .account_data(account)?
            .with_context(|| format!("token account {account} does not exist"))?;
        spl_token::state::Account::unpack(&data)
            .map(|a| a.amount)
            .with_context(|| format!("token account {account}"))
    }

    pub fn mint_supply(&self, mint: &Pubkey) -> Result<u64> {
        use anchor_lang::solana_program::program_pack::Pack;
        let data = self
            .account_data(mint)?
            .with_context(|| format!("mint {mint} does not exist"))?;
        spl_token::state::Mint::unpack(&data)
            .map(|m| m.supply)
            .with_context(|| format!("mint {mint}"))
    }

    /// `owner`'s associated token account for `mint`, created (payer pays) if missing.
    pub fn ensure_ata(&self, owner: &Pubkey, mint: &Pubkey) -> Result<Pubkey> {
        let ata = associated_token::get_associated_token_address(owner, mint);
        if self.account_data(&ata)?.is_none() {
            let ix = associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
                &self.payer.pubkey(),
                owner,
                mint,
                &spl_token::ID,
            );
            self.send(&[ix], &[])?;
        }
        Ok(ata)
    }
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
