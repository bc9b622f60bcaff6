//! The e2e test's environment: the validator's RPC, keypair files, mints, token accounts and
//! (mock) Pyth price updates, and running the `lending-pool` CLI and the `liquidator`.
use anchor_lang::prelude::Pubkey;
use lending_pool_cli::{PoolView, PositionView, ShortfallView, StakeView};
use lending_pool_client::rpc::Client;
use lending_pool_localnet::{chain, processes, validator};
use lending_pool_sdk::{ix, lending_pool::instructions::MarkPreview, prices, PoolAddresses};
use solana_keypair::{write_keypair_file, Keypair};
use solana_signer::Signer;
use std::path::{Path, PathBuf};

pub use lending_pool_localnet::validator::deploy_dir;
pub const USDC: u64 = 1_000_000;
pub const SOL: u64 = 1_000_000_000;
pub const BASE_FEED: &str = "baba";
pub const SOL_FEED: &str = "0101";

/// The `lending-pool` CLI, built beside this package's `liquidator` by the workspace's test
/// build (`cargo test --workspace`; the CLI's own tests need it). A binary of another
/// package has no `CARGO_BIN_EXE_` variable here.
pub fn cli_bin() -> &'static str {
    static BIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        let bin = processes::sibling_bin(env!("CARGO_BIN_EXE_liquidator"), "lending-pool");
        bin.to_str().expect("a UTF-8 path").to_string()
    })
}

pub fn feed_hex(two: &str) -> String {
    two.repeat(16)
}

pub fn feed_bytes(two: &str) -> [u8; 32] {
    chain::feed_id(two)
}

/// One validator at a time: two would fight over the machine's two cores and turn the
/// bot's timeouts into noise.
static VALIDATOR: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A validator running the SBF program and the mock Pyth receiver (at the receiver's
/// address), with its faucet keypair. It holds the validator lock until dropped.
pub struct Validator {
    pub validator: solana_test_validator::TestValidator,
    _turn: std::sync::MutexGuard<'static, ()>,
}

impl Validator {
    pub fn pubsub_url(&self) -> String {
        self.validator.rpc_pubsub_url()
    }

    pub fn rpc_url(&self) -> String {
        self.validator.rpc_url()
    }
}

pub fn start_validator() -> (Validator, Keypair) {
    let turn = VALIDATOR.lock().unwrap_or_else(|e| e.into_inner());
    let (validator, payer) = validator::start(&validator::Options::default()).unwrap();
    (
        Validator {
            validator,
            _turn: turn,
        },
        payer,
    )
}

pub struct Env {
    pub url: String,
    pub dir: PathBuf,
    pub client: Client,
}

impl Env {
    pub fn keypair_file(&self, name: &str, kp: &Keypair) -> String {
        let path = self.dir.join(format!("{name}.json"));
        write_keypair_file(kp, &path).unwrap();
        path.display().to_string()
    }

    /// Runs `bin` against the validator as `keypair`: its stdout (a panic with its output
    /// on failure).
    pub fn run(&self, bin: &str, keypair: &str, args: &[&str]) -> String {
        processes::run(Path::new(bin), &self.url, keypair, args)
    }

    pub fn cli(&self, keypair: &str, args: &[&str]) -> String {
        self.run(cli_bin(), keypair, args)
    }

    /// Runs the CLI expecting it to fail; returns what it printed.
    pub fn cli_fails(&self, keypair: &str, args: &[&str]) -> String {
        processes::run_failing(Path::new(cli_bin()), &self.url, keypair, args)
    }

    pub fn create_mint(&self, decimals: u8) -> Pubkey {
        chain::create_mint(&self.client, decimals).unwrap()
    }

    pub fn mint_to(&self, mint: &Pubkey, owner: &Pubkey, amount: u64) {
        chain::mint_to(&self.client, mint, owner, amount).unwrap();
    }

    pub fn fund(&self, to: &Pubkey) {
        chain::fund(&self.client, to, 1_000_000_000).unwrap();
    }

    pub fn post_ix(
        &self,
        account: &Pubkey,
        feed: [u8; 32],
        price: i64,
    ) -> anchor_lang::solana_program::instruction::Instruction {
        chain::post_price_ix(&self.client, account, feed, price).unwrap()
    }

    /// A new `PriceUpdateV2` account owned by the (mock) receiver.
    pub fn create_price(&self, feed: [u8; 32], price: i64) -> Pubkey {
        chain::create_price(&self.client, feed, price).unwrap()
    }

    /// `pool init` for `base` (the signer becomes admin) with the JSON `config` file, then
    /// `add-collateral` of `sol` in slot 0 (LTV 75%, threshold 80%, bonus 5%), through the
    /// CLI; returns the pool's address.
    pub fn init_pool_with_sol(
        &self,
        admin: &str,
        base: &Pubkey,
        sol: &Pubkey,
        config: &Path,
    ) -> String {
        let init: serde_json::Value = serde_json::from_str(&self.cli(
            admin,
            &[
                "--json",
                "pool",
                "init",
                "--base-mint",
                &base.to_string(),
                "--base-feed",
                &feed_hex(BASE_FEED),
                "--config-file",
                config.to_str().unwrap(),
            ],
        ))
        .unwrap();
        let pool = init["pool"].as_str().unwrap().to_string();
        self.cli(
            admin,
            &[
                "pool",
                "add-collateral",
                "--pool",
                &pool,
                "--mint",
                &sol.to_string(),
                "--feed",
                &feed_hex(SOL_FEED),
                "--ltv-bps",
                "7500",
                "--liquidation-threshold-bps",
                "8000",
                "--liquidation-bonus-bps",
                "500",
            ],
        );
        pool
    }

    pub fn pool_view(&self, keypair: &str, pool: &str) -> PoolView {
        serde_json::from_str(&self.cli(keypair, &["--json", "pool", "show", "--pool", pool]))
            .unwrap()
    }

    fn json<T: serde::de::DeserializeOwned>(&self, keypair: &str, args: &[&str]) -> T {
        let out = self.cli(keypair, &[&["--json"], args].concat());
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
    }

    pub fn position_view(&self, keypair: &str, pool: &str, oracles: &[&str]) -> PositionView {
        self.json(
            keypair,
            &[&["position", "show", "--pool", pool], oracles].concat(),
        )
    }

    pub fn shortfall(&self, keypair: &str, position: &str, oracles: &[&str]) -> ShortfallView {
        self.json(
            keypair,
            &[&["position", "shortfall", position], oracles].concat(),
        )
    }

    pub fn stake_view(&self, keypair: &str, pool: &str) -> StakeView {
        self.json(keypair, &["insurance", "show", "--pool", pool])
    }

    pub fn set_price(&self, oracle: &Pubkey, feed: [u8; 32], price: i64) {
        chain::set_price(&self.client, oracle, feed, price).unwrap();
    }

    /// The program's own `preview_mark` (a simulated transaction), from its return data.
    pub fn preview_mark_onchain(
        &self,
        position: &Pubkey,
        base_oracle: &Pubkey,
        oracle_of_slot: &[Pubkey],
    ) -> MarkPreview {
        use anchor_lang::AnchorDeserialize;
        let pos = self.client.position(position).unwrap();
        let pool = self.client.pool(&pos.pool).unwrap();
        let addrs = PoolAddresses::derive(&pool.base_mint, &pool.creator);
        let oracles = prices::oracle_accounts(&pool, &pos, oracle_of_slot);
        let ix = ix::preview_mark(&addrs, position, base_oracle, &oracles);
        let payer = &self.client.payer;
        let blockhash = self.client.rpc.get_latest_blockhash().unwrap();
        let tx = solana_transaction::Transaction::new_signed_with_payer(
            &[ix],
            Some(&payer.pubkey()),
            &[payer],
            blockhash,
        );
        let sim = self.client.rpc.simulate_transaction(&tx).unwrap().value;
        assert!(sim.err.is_none(), "{:?}: {:?}", sim.err, sim.logs);
        let (data, _) = sim.return_data.expect("preview_mark returns data").data;
        MarkPreview::try_from_slice(&base64_decode(&data)).unwrap()
    }
}

/// Standard base64 (return data over RPC), padding allowed.
fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET.iter().position(|&a| a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
