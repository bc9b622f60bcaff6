//! The JSON-RPC side: reading the program's accounts and sending transactions with a
//! compute-unit limit, a priority fee and retries (`send.rs`). Every RPC failure is counted
//! by kind (`RpcFaults`), which the bot exports as metrics.
use crate::send::{describe_rejection, Outcome, SubmitOptions};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction, Discriminator};
use anchor_spl::{associated_token, token::spl_token};
use anyhow::{anyhow, bail, Context, Result};
use lending_pool_sdk::{
    accounts::decode_zero_copy,
    state::{ExitRequest, InsuranceFund, InsuranceStake, Pool, Position},
    PROGRAM_ID,
};
use prometheus_client::metrics::counter::Counter;
use solana_account_decoder_client_types::{UiAccount, UiAccountEncoding};
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::{
    client_error::{Error as ClientError, ErrorKind},
    config::{RpcAccountInfoConfig, RpcProgramAccountsConfig},
    filter::{Memcmp, RpcFilterType},
    request::{RpcError, RpcRequest},
    response::Response,
};
use solana_signer::Signer;
use std::time::Duration;

const COMPUTE_BUDGET_PROGRAM_ID: Pubkey =
    anchor_lang::pubkey!("ComputeBudget111111111111111111111111111111");
pub const CLOCK_SYSVAR_ID: Pubkey =
    anchor_lang::pubkey!("SysvarC1ock11111111111111111111111111111111");

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

/// RPC failures by kind. The handles are shared (cloning one counts into the same total),
/// so the bot registers them as metrics and every client request counts into them.
#[derive(Debug, Clone, Default)]
pub struct RpcFaults {
    /// No answer in time (the client's timeout).
    pub timeout: Counter,
    /// An HTTP error status (5xx from a node or a proxy in front of it).
    pub http_status: Counter,
    /// The connection failed or was dropped.
    pub transport: Counter,
    /// The node answered with a JSON-RPC error or an unreadable body.
    pub rpc: Counter,
}

impl RpcFaults {
    pub fn total(&self) -> u64 {
        self.timeout.get() + self.http_status.get() + self.transport.get() + self.rpc.get()
    }

    /// Counts `e` under its kind and returns the kind's name (`None`: not an RPC fault, the
    /// program refused a transaction in preflight).
    pub fn count(&self, e: &ClientError) -> Option<&'static str> {
        if e.get_transaction_error().is_some() {
            return None;
        }
        let (counter, kind) = match e.kind() {
            ErrorKind::Reqwest(r) if r.is_timeout() => (&self.timeout, "timeout"),
            ErrorKind::Reqwest(r) if r.status().is_some() => (&self.http_status, "http_status"),
            ErrorKind::Reqwest(_) | ErrorKind::Io(_) | ErrorKind::Middleware(_) => {
                (&self.transport, "transport")
            }
            // some client methods fold the cause into a message ("AccountNotFound: ...: <cause>")
            ErrorKind::RpcError(RpcError::ForUser(m)) if m.contains("HTTP status") => {
                (&self.http_status, "http_status")
            }
            ErrorKind::RpcError(RpcError::ForUser(m)) if m.contains("error sending request") => {
                (&self.transport, "transport")
            }
            _ => (&self.rpc, "rpc"),
        };
        counter.inc();
        Some(kind)
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A loopback "node" answering each connection with `answer` (None: hang up).
    fn fake_node(answers: Vec<Option<&'static str>>) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for (stream, answer) in listener.incoming().zip(answers) {
                let mut stream = stream.unwrap();
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                if let Some(a) = answer {
                    let _ = stream.write_all(a.as_bytes());
                }
            }
        });
        url
    }

    #[test]
    fn rpc_failures_are_counted_by_kind() {
        let url = fake_node(vec![
            Some("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            None,
            Some("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 75\r\nConnection: close\r\n\r\n{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32005,\"message\":\"Node is behind\"},\"id\":1}"),
        ]);
        let client = Client::new(&url, Keypair::new(), SendOptions::default());
        let key = Pubkey::new_unique();
        for _ in 0..3 {
            let e = client.account_data(&key).unwrap_err();
            eprintln!("{e:#}");
        }
        let f = &client.faults;
        assert_eq!(
            (
                f.http_status.get(),
                f.transport.get(),
                f.rpc.get(),
                f.timeout.get()
            ),
            (1, 1, 1, 0)
        );
        assert_eq!(f.total(), 3);
    }

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
