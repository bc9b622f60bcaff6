//! The JSON-RPC side: a client for one cluster, reading the program's accounts (sending is
//! `send`'s, the compute budget `budget`'s). Every RPC failure is counted by kind
//! (`faults`), which the bot exports as metrics.
pub use crate::{budget::SendOptions, faults::RpcFaults};
use anchor_lang::{prelude::Pubkey, Discriminator};
use anchor_spl::{associated_token, token::spl_token};
use anyhow::{anyhow, Context, Result};
use lending_pool_sdk::{
    accounts::decode_zero_copy,
    state::{ExitRequest, InsuranceFund, InsuranceStake, Pool, Position},
    PROGRAM_ID,
};
use solana_account_decoder_client_types::{UiAccount, UiAccountEncoding};
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::{
    client_error::Error as ClientError,
    config::{RpcAccountInfoConfig, RpcProgramAccountsConfig},
    filter::{Memcmp, RpcFilterType},
    request::RpcRequest,
    response::Response,
};
use solana_signer::Signer;
use std::time::Duration;

pub const CLOCK_SYSVAR_ID: Pubkey =
    anchor_lang::pubkey!("SysvarC1ock11111111111111111111111111111111");

pub struct Client {
    pub rpc: RpcClient,
    pub payer: Keypair,
    pub send: SendOptions,
    pub faults: RpcFaults,
}

/// How long one RPC request may take before it counts as a timeout.
pub const DEFAULT_RPC_TIMEOUT: Duration = Duration::from_secs(30);

impl Client {
    pub fn new(url: &str, payer: Keypair, send: SendOptions) -> Self {
        Self::with_timeout(url, payer, send, DEFAULT_RPC_TIMEOUT)
    }

    pub fn with_timeout(url: &str, payer: Keypair, send: SendOptions, timeout: Duration) -> Self {
        Self {
            rpc: RpcClient::new_with_timeout_and_commitment(
                url.to_string(),
                timeout,
                CommitmentConfig::confirmed(),
            ),
            payer,
            send,
            faults: RpcFaults::default(),
        }
    }

    /// An RPC client error, counted, as one message. Its `Display` already shows its
    /// cause, which its `source()` also returns: kept as a chain, `{:#}` would print the
    /// cause twice.
    pub fn fault(&self, e: ClientError) -> anyhow::Error {
        self.faults.count(&e);
        anyhow!("{e}")
    }

    pub fn payer_key(&self) -> Pubkey {
        self.payer.pubkey()
    }

    /// An account's data at confirmed commitment (`None`: no such account). Sent as a raw
    /// `getAccountInfo`: the client's own method folds transport errors into a message,
    /// which would hide what failed from the fault counters.
    pub fn account_data(&self, key: &Pubkey) -> Result<Option<Vec<u8>>> {
        let params = serde_json::json!([
            key.to_string(),
            { "encoding": "base64", "commitment": "confirmed" }
        ]);
        let response: Response<Option<UiAccount>> = self
            .rpc
            .send(RpcRequest::GetAccountInfo, params)
            .map_err(|e| self.fault(e))?;
        response
            .value
            .map(|a| {
                a.data
                    .decode()
                    .with_context(|| format!("account {key}: undecodable data"))
            })
            .transpose()
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

    /// An LP's `ExitRequest`, `None` when it has none pending.
    pub fn exit_request(&self, key: &Pubkey) -> Result<Option<ExitRequest>> {
        self.account_data(key)?
            .map(|d| decode_zero_copy(&d).with_context(|| format!("exit request {key}")))
            .transpose()
    }

    pub fn position(&self, key: &Pubkey) -> Result<Position> {
        self.decode(key, "position")
    }

    /// Every position of `pool`: `getProgramAccounts` filtered by size, discriminator and pool.
    pub fn positions(&self, pool: &Pubkey) -> Result<Vec<(Pubkey, Position)>> {
        let accounts = self
            .rpc
            .get_program_ui_accounts_with_config(&PROGRAM_ID, positions_request(pool))
            .map_err(|e| self.fault(e))?;
        decode_positions(accounts)
    }

    /// The cluster's clock (unix seconds), from the Clock sysvar: what the program sees.
    pub fn unix_time(&self) -> Result<i64> {
        let data = self
            .account_data(&CLOCK_SYSVAR_ID)?
            .context("no clock sysvar")?;
        clock_unix_time(&data)
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

/// The unix time in the Clock sysvar's data (slot, epoch_start_timestamp, epoch,
/// leader_schedule_epoch, unix_timestamp: 64 bits each).
pub fn clock_unix_time(data: &[u8]) -> Result<i64> {
    let bytes: [u8; 8] = data
        .get(32..40)
        .and_then(|b| b.try_into().ok())
        .context("clock sysvar too short")?;
    Ok(i64::from_le_bytes(bytes))
}

/// The `getProgramAccounts` request for every position of `pool` (size, discriminator and
/// pool filters; base64; confirmed): the CLI's, the bot's and the indexer's.
pub fn positions_request(pool: &Pubkey) -> RpcProgramAccountsConfig {
    let mut filters = vec![RpcFilterType::DataSize(Position::SPACE as u64)];
    filters.extend(
        lending_pool_sdk::filters::position_filters(pool)
            .into_iter()
            .map(|f| RpcFilterType::Memcmp(Memcmp::new_raw_bytes(f.offset, f.bytes))),
    );
    program_accounts_request(filters)
}

/// The `getProgramAccounts` request for every insurance stake of `pool` (size,
/// discriminator, and the pool: the stake's first field).
pub fn stakes_request(pool: &Pubkey) -> RpcProgramAccountsConfig {
    use anchor_lang::Discriminator;
    use lending_pool_sdk::state::InsuranceStake;
    program_accounts_request(vec![
        RpcFilterType::DataSize(InsuranceStake::SPACE as u64),
        RpcFilterType::Memcmp(Memcmp::new_raw_bytes(
            0,
            InsuranceStake::DISCRIMINATOR.to_vec(),
        )),
        RpcFilterType::Memcmp(Memcmp::new_raw_bytes(8, pool.to_bytes().to_vec())),
    ])
}

/// `filters`, read in base64 at confirmed commitment, sorted.
fn program_accounts_request(filters: Vec<RpcFilterType>) -> RpcProgramAccountsConfig {
    RpcProgramAccountsConfig {
        filters: Some(filters),
        account_config: RpcAccountInfoConfig {
            encoding: Some(UiAccountEncoding::Base64),
            commitment: Some(CommitmentConfig::confirmed()),
            ..RpcAccountInfoConfig::default()
        },
        with_context: None,
        sort_results: Some(true),
    }
}

/// Decodes the answer to [`positions_request`].
pub fn decode_positions(accounts: Vec<(Pubkey, UiAccount)>) -> Result<Vec<(Pubkey, Position)>> {
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
