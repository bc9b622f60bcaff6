//! The operators' e2e world: a pool after a SOL crash on a real validator, bots started as
//! long-running processes (TOML file plus environment), and reading their logs, metrics
//! and what the cluster charged them.
use super::env::*;
use anchor_lang::prelude::Pubkey;
use lending_pool_client::rpc::{Client, SendOptions};
pub use lending_pool_localnet::processes::sum_where;
use lending_pool_localnet::processes::{self, Service};
use lending_pool_sdk::{state::Pool, PoolAddresses};
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A pool after a SOL crash: `n` borrowers, each liquidatable, none yet liquidated.
pub struct Crash {
    pub env: Env,
    pub pool: Pubkey,
    pub usdc: Pubkey,
    pub sol: Pubkey,
    pub base_oracle: Pubkey,
    pub sol_oracle: Pubkey,
    pub borrowers: usize,
    pub sol_deposited: u64,
}

pub fn crash(env: Env, n: usize) -> Crash {
    let world = healthy(env, n);
    world.fall();
    world
}

/// The pool before the crash: `n` borrowers within their limits at SOL $150.
pub fn healthy(env: Env, n: usize) -> Crash {
    let admin = env.keypair_file("admin", &env.client.payer);
    let usdc = env.create_mint(6);
    let sol = env.create_mint(9);
    let lp = Keypair::new();
    env.fund(&lp.pubkey());
    env.mint_to(&usdc, &lp.pubkey(), 100_000 * USDC);
    env.mint_to(&usdc, &env.client.payer_key(), 100 * USDC);
    let base_oracle = env.create_price(feed_bytes(BASE_FEED), 100_000_000);
    let sol_oracle = env.create_price(feed_bytes(SOL_FEED), 150 * 100_000_000);
    let config = env.dir.join("pool.json");
    std::fs::write(&config, r#"{ "oracleMaxAgeSecs": 3600 }"#).unwrap();
    let pool = env.init_pool_with_sol(&admin, &usdc, &sol, &config);
    let lp_file = env.keypair_file("lp", &lp);
    env.cli(
        &lp_file,
        &["deposit", "--pool", &pool, "--amount", "100000"],
    );
    env.cli(
        &admin,
        &["pool", "fund-insurance", "--pool", &pool, "--amount", "100"],
    );
    let (b, s) = (base_oracle.to_string(), sol_oracle.to_string());
    let mut sol_deposited = 0;
    for i in 0..n {
        let borrower = Keypair::new();
        env.fund(&borrower.pubkey());
        let sols = 2 + i as u64;
        env.mint_to(&sol, &borrower.pubkey(), sols * SOL);
        sol_deposited += sols * SOL;
        let file = env.keypair_file(&format!("borrower{i}"), &borrower);
        env.cli(&file, &["position", "open", "--pool", &pool]);
        env.cli(
            &file,
            &[
                "position",
                "deposit-collateral",
                "--pool",
                &pool,
                "--slot",
                "0",
                "--amount",
                &sols.to_string(),
            ],
        );
        // 100 to 111 USDC per SOL: all under the $112.5 limit at $150
        let amount = format!("{}", sols * (100 + i as u64 % 12));
        env.cli(
            &file,
            &[
                "borrow",
                "--pool",
                &pool,
                "--amount",
                &amount,
                "--base-oracle",
                &b,
                "--oracle",
                &s,
            ],
        );
    }
    Crash {
        pool: pool.parse().unwrap(),
        usdc,
        sol,
        base_oracle,
        sol_oracle,
        borrowers: n,
        sol_deposited,
        env,
    }
}

/// A bot process (its stdout collected as it runs), where it serves its probes, and its key.
pub struct Bot {
    pub process: Service,
    pub metrics: String,
    pub keypair: Keypair,
}

impl Crash {
    /// SOL falls to $120: every position is over its liquidation threshold (80% of $120 = $96
    /// per SOL < its debt), some also under water after the bonus.
    pub fn fall(&self) {
        self.env
            .set_price(&self.sol_oracle, feed_bytes(SOL_FEED), 120 * 100_000_000);
    }

    /// A funded bot keypair holding USDC and both token accounts (so that every
    /// transaction it signs is one of its actions).
    pub fn bot_keypair(&self) -> Keypair {
        let k = Keypair::new();
        self.env.fund(&k.pubkey());
        self.env.mint_to(&self.usdc, &k.pubkey(), 20_000 * USDC);
        self.env.client.ensure_ata(&k.pubkey(), &self.sol).unwrap();
        k
    }

    /// Starts `liquidator` against `url` with settings from a TOML file (the pool) and the
    /// environment (the rest).
    /// `also`: more pools the same process watches (their token accounts made first, so
    /// the bot still signs nothing but its actions).
    pub fn start_bot(
        &self,
        name: &str,
        url: &str,
        extra_env: &[(&str, &str)],
        also: &[&Crash],
    ) -> Bot {
        self.start_bot_as(self.bot_keypair(), name, url, extra_env, also)
    }

    /// `start_bot` signing as `keypair`.
    pub fn start_bot_as(
        &self,
        keypair: Keypair,
        name: &str,
        url: &str,
        extra_env: &[(&str, &str)],
        also: &[&Crash],
    ) -> Bot {
        let key_file = self.env.keypair_file(name, &keypair);
        let port = processes::free_port();
        let config = self.env.dir.join(format!("{name}.toml"));
        let mut toml = format!(
            "url = \"{url}\"\nkeypair = \"{key_file}\"\ninterval-secs = 1\nhttp-listen = \"127.0.0.1:{port}\"\nlog-format = \"json\"\n"
        );
        for w in std::iter::once(self).chain(also.iter().copied()) {
            for mint in [&w.usdc, &w.sol] {
                self.env.client.ensure_ata(&keypair.pubkey(), mint).unwrap();
            }
            toml.push_str(&format!(
                "\n[[pools]]\npool = \"{}\"\nbase-oracle = \"{}\"\noracles = [\"{}\"]\n",
                w.pool, w.base_oracle, w.sol_oracle
            ));
        }
        std::fs::write(&config, toml).unwrap();
        let mut bot = Command::new(env!("CARGO_BIN_EXE_liquidator"));
        // polling unless the test gives the websocket to follow
        if !extra_env.iter().any(|(k, _)| *k == "LIQUIDATOR_WS_URL") {
            bot.env("LIQUIDATOR_NO_PUSH", "true");
        }
        bot.env("LIQUIDATOR_CONFIG_FILE", &config)
            .env("LIQUIDATOR_PRIORITY_FEE_PERCENTILE", "50")
            .env("LIQUIDATOR_MAX_PRIORITY_FEE", "10000")
            .envs(extra_env.iter().copied());
        Bot {
            process: Service::spawn(bot),
            metrics: format!("127.0.0.1:{port}"),
            keypair,
        }
    }

    /// Waits until no position is liquidatable or bankrupt (the product's own planner, in a
    /// dry run against the validator directly).
    pub fn wait_cleared(&self, within: Duration) {
        let checker = self.env.keypair_file("checker", &self.env.client.payer);
        let start = Instant::now();
        loop {
            let out = self.env.run(
                env!("CARGO_BIN_EXE_liquidator"),
                &checker,
                &[
                    "--once",
                    "--dry-run",
                    "--no-sweep",
                    "--no-mark",
                    "--pool",
                    &self.pool.to_string(),
                    "--base-oracle",
                    &self.base_oracle.to_string(),
                    "--oracle",
                    &self.sol_oracle.to_string(),
                ],
            );
            let want = format!("{} positions, 0 liquidatable", self.borrowers);
            if out.contains(&want) && out.contains(" 0 bankrupt") {
                return;
            }
            assert!(
                start.elapsed() < within,
                "not cleared in {within:?}:\n{out}"
            );
            std::thread::sleep(Duration::from_secs(1));
        }
    }

    /// The books reconcile: the vaults hold what the pool records, and every SOL a borrower
    /// deposited is either still in a position or with a bot.
    pub fn assert_books_exact(&self, bots: &[Pubkey]) {
        let c = &self.env.client;
        let pool: Pool = c.pool(&self.pool).unwrap();
        let addrs = PoolAddresses::derive(&pool.base_mint, &pool.creator);
        assert_eq!(
            c.token_balance(&addrs.base_vault).unwrap(),
            pool.cash,
            "base vault = cash"
        );
        let positions = c.positions(&self.pool).unwrap();
        assert_eq!(positions.len(), self.borrowers);
        let in_positions: u64 = positions.iter().map(|(_, p)| p.collateral[0]).sum();
        let vault = lending_pool_sdk::pda::collateral_vault(&self.pool, &self.sol);
        assert_eq!(
            c.token_balance(&vault).unwrap(),
            in_positions,
            "SOL vault = positions"
        );
        assert_eq!(pool.collaterals[0].total_deposited, in_positions);
        let with_bots: u64 = bots
            .iter()
            .map(|b| {
                let ata = anchor_spl::associated_token::get_associated_token_address(b, &self.sol);
                c.token_balance(&ata).unwrap()
            })
            .sum();
        assert_eq!(
            in_positions + with_bots,
            self.sol_deposited,
            "no SOL created or lost"
        );
    }
}

pub fn http_get(addr: &str, path: &str) -> (u16, String) {
    processes::http_get(addr, path).unwrap_or_else(|e| panic!("GET {addr}{path}: {e}"))
}

impl Bot {
    pub fn wait_ready(&self, within: Duration) {
        let start = Instant::now();
        while !matches!(processes::http_get(&self.metrics, "/readyz"), Ok((200, _))) {
            assert!(
                start.elapsed() < within,
                "bot not ready:\n{}",
                self.process.output()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// SIGTERM, then the exit status and everything it printed.
    pub fn stop(self) -> (String, String) {
        let metrics = http_get(&self.metrics, "/metrics").1;
        let (status, out) = self.process.stop();
        assert!(
            status.success(),
            "the bot exits 0 on SIGTERM: {status}\n{out}"
        );
        assert!(
            out.contains("stopped: the round in progress finished"),
            "{out}"
        );
        (out, metrics)
    }
}

/// Each logged action with a signature: (plan id, signature, landed?).
pub fn sent_plans(log: &str) -> Vec<(String, String, bool)> {
    log.lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            let msg = v["message"].as_str()?;
            let (_, rest) = msg.split_once("(plan ")?;
            let (plan, rest) = rest.split_once(", ")?;
            let sig = rest.split(')').next()?.to_string();
            (sig != "not sent").then(|| {
                let landed = !msg
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_uppercase());
                (plan.to_string(), sig, landed)
            })
        })
        .collect()
}

/// How many of the bot's transactions the cluster processed (landed, with or without an
/// error): every one cost it the 5,000-lamport signature fee, and nothing else did (no
/// priority fee on a quiet validator; its token accounts existed before it started).
pub fn processed_on_chain(client: &Client, bot: &Pubkey) -> u64 {
    let spent = BOT_LAMPORTS - client.rpc.get_balance(bot).unwrap();
    assert_eq!(spent % 5_000, 0, "only signature fees: {spent}");
    spent / 5_000
}

/// What `Env::fund` gives a keypair.
pub const BOT_LAMPORTS: u64 = 1_000_000_000;

pub fn payer_env(env_url: &str, payer: &Keypair, dir: &Path) -> Env {
    std::fs::create_dir_all(dir).unwrap();
    Env {
        url: env_url.to_string(),
        dir: dir.to_path_buf(),
        client: Client::new(env_url, payer.insecure_clone(), SendOptions::default()),
    }
}
