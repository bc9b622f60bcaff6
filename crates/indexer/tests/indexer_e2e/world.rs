//! The test's world: the validator with the demo pool, the bot and CLI binaries, the
//! indexer process, and what the node itself says happened.
use lending_pool_client::rpc::{Client, SendOptions};
use lending_pool_localnet::{
    chain::PRICE_EXPONENT,
    demo,
    processes::{self, Service},
    summary::Summary,
    validator,
};
use lending_pool_sdk::{events::BadDebtSettled, program_events::ProgramEvent, PROGRAM_ID};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct World {
    pub validator: solana_test_validator::TestValidator,
    pub client: Client,
    pub demo: demo::Demo,
    pub dir: PathBuf,
}

/// The workspace's binaries sit beside this package's.
fn bin(name: &str) -> PathBuf {
    processes::sibling_bin(env!("CARGO_BIN_EXE_lending-pool-indexer"), name)
}

fn repo() -> PathBuf {
    lending_pool_sdk::checkout::workspace_root()
}

pub fn database_url(dir: &Path) -> String {
    std::env::var("LENDING_POOL_TEST_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite:{}?mode=rwc", dir.join("index.db").display()))
}

/// What the node says the program did: every event of every successful transaction, in
/// ledger order, decoded here from the inner instructions without the indexer's code.
pub struct History {
    pub events: Vec<(String, String)>,
    pub settlements: Vec<BadDebtSettled>,
    pub liquidations: usize,
    pub last_slot: u64,
}

impl World {
    pub fn start() -> Self {
        let dir = processes::scratch_dir(Path::new(env!("CARGO_TARGET_TMPDIR")), "indexer-e2e");
        let (validator, payer) = validator::start(&validator::Options::default()).unwrap();
        let client = Client::new(&validator.rpc_url(), payer, SendOptions::default());
        let demo = demo::seed(&client, &dir.join("keys")).unwrap();
        // as `lending-pool-localnet` does: `price` reads it
        Summary::new(
            validator.rpc_url(),
            validator.rpc_pubsub_url(),
            Some(demo.clone()),
        )
        .write(&dir)
        .unwrap();
        Self {
            validator,
            client,
            demo,
            dir,
        }
    }

    /// Moves both collateral prices as a person would: `lending-pool-localnet price`.
    pub fn publish_prices(&self, sol_dollars: i64, btc_dollars: i64) {
        for (feed, dollars) in [("SOL", sol_dollars), ("btc", btc_dollars)] {
            let out = Command::new(bin("lending-pool-localnet"))
                .args(["price", feed, &dollars.to_string(), "--dir"])
                .arg(&self.dir)
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{said}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                said.contains(&format!("-> ${dollars}.00"))
                    && said.contains("AMM pool traded to the same price"),
                "{said}"
            );
        }
        let unit = 10i64.pow((-PRICE_EXPONENT) as u32);
        for (slot, dollars) in [sol_dollars, btc_dollars].into_iter().enumerate() {
            let oracle = self.demo.collaterals[slot].oracle.parse().unwrap();
            let data = self.client.account_data(&oracle).unwrap().unwrap();
            let update = lending_pool_sdk::oracle::decode_price_update(&data).unwrap();
            assert_eq!(
                update.price,
                dollars * unit,
                "the feed carries the new price"
            );
        }
    }

    pub fn set_prices(&self, sol_dollars: i64, btc_dollars: i64) {
        let unit = 10i64.pow((-PRICE_EXPONENT) as u32);
        self.demo
            .set_collateral_price(&self.client, 0, sol_dollars * unit)
            .unwrap();
        self.demo
            .set_collateral_price(&self.client, 1, btc_dollars * unit)
            .unwrap();
    }

    fn run(&self, name: &str, keypair: &str, args: &[&str]) -> String {
        processes::run(&bin(name), &self.validator.rpc_url(), keypair, args)
    }

    pub fn cli(&self, who: &str, args: &[&str]) -> String {
        let key = self.demo.keypairs[who].display().to_string();
        self.run("lending-pool", &key, args)
    }

    /// Runs `liquidator --once` up to `max` times, until a round does nothing; returns the
    /// rounds that acted.
    pub fn bot_rounds(&self, max: usize) -> usize {
        let key = self.demo.keypairs["liquidator"].display().to_string();
        let mut args = vec![
            "--once".to_string(),
            "--pool".to_string(),
            self.demo.pool.clone(),
        ];
        args.extend(self.demo.oracle_args());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut acted = 0;
        for _ in 0..max {
            let before = self.program_signatures();
            self.run("liquidator", &key, &args);
            if self.program_signatures() == before {
                break;
            }
            acted += 1;
        }
        acted
    }

    fn program_signatures(&self) -> usize {
        self.signatures().len()
    }

    /// The program's signatures, newest first, at confirmed commitment (the RPC's default
    /// for this method is finalized, which lags by dozens of slots).
    fn signatures(
        &self,
    ) -> Vec<solana_rpc_client_api::response::RpcConfirmedTransactionStatusWithSignature> {
        use solana_rpc_client::rpc_client::GetConfirmedSignaturesForAddress2Config;
        self.client
            .rpc
            .get_signatures_for_address_with_config(
                &PROGRAM_ID,
                GetConfirmedSignaturesForAddress2Config {
                    commitment: Some(solana_commitment_config::CommitmentConfig::confirmed()),
                    ..Default::default()
                },
            )
            .unwrap()
    }

    /// `lending-pool --json pool show`: the chain's books as the CLI reads them.
    pub fn pool_view(&self) -> Value {
        serde_json::from_str(&self.cli(
            "admin",
            &["--json", "pool", "show", "--pool", &self.demo.pool],
        ))
        .unwrap()
    }

    pub fn program_history(&self) -> History {
        use solana_rpc_client_api::config::RpcTransactionConfig;
        use solana_transaction_status_client_types::{
            option_serializer::OptionSerializer, UiInstruction, UiTransactionEncoding,
        };
        let mut sigs = self.signatures();
        sigs.retain(|s| s.err.is_none());
        sigs.reverse();
        let mut txs = vec![];
        for s in &sigs {
            let tx = self
                .client
                .rpc
                .get_transaction_with_config(
                    &s.signature.parse().unwrap(),
                    RpcTransactionConfig {
                        encoding: Some(UiTransactionEncoding::Json),
                        commitment: Some(solana_commitment_config::CommitmentConfig::confirmed()),
                        max_supported_transaction_version: Some(0),
                    },
                )
                .unwrap();
            txs.push((s.signature.clone(), tx));
        }
        txs.sort_by_key(|(_, t)| (t.slot, t.transaction_index));
        let mut h = History {
            events: vec![],
            settlements: vec![],
            liquidations: 0,
            last_slot: 0,
        };
        for (sig, tx) in txs {
            h.last_slot = h.last_slot.max(tx.slot);
            let keys: Vec<String> = match &tx.transaction.transaction {
                solana_transaction_status_client_types::EncodedTransaction::Json(t) => {
                    match &t.message {
                        solana_transaction_status_client_types::UiMessage::Raw(m) => {
                            m.account_keys.clone()
                        }
                        _ => panic!("raw message"),
                    }
                }
                _ => panic!("json transaction"),
            };
            let meta = tx.transaction.meta.unwrap();
            let OptionSerializer::Some(inner) = meta.inner_instructions else {
                continue;
            };
            for ix in inner.iter().flat_map(|g| &g.instructions) {
                let UiInstruction::Compiled(ix) = ix else {
                    panic!("compiled")
                };
                if keys[ix.program_id_index as usize] != PROGRAM_ID.to_string() {
                    continue;
                }
                let data = bs58::decode(&ix.data).into_vec().unwrap();
                let Some(bytes) = data.strip_prefix(anchor_lang::event::EVENT_IX_TAG_LE) else {
                    continue;
                };
                let event = ProgramEvent::decode(bytes).expect("an event of the program");
                if event.pool() != self.demo.pool() {
                    continue;
                }
                match &event {
                    ProgramEvent::BadDebtSettled(s) => h.settlements.push(s.clone()),
                    ProgramEvent::Liquidated(_) => h.liquidations += 1,
                    _ => {}
                }
                h.events.push((sig.clone(), event.name().to_string()));
            }
        }
        h
    }

    /// Runs the dashboard's browser test (`dashboard/test/browser.mjs`) against `url`.
    pub fn browser_test(&self, url: &str, expect: &Value, screenshot: &str) {
        let file = self.dir.join("expect.json");
        std::fs::write(&file, expect.to_string()).unwrap();
        let out = Command::new("node")
            .arg(repo().join("dashboard/test/browser.mjs"))
            .args([
                "--url",
                url,
                "--expect",
                file.to_str().unwrap(),
                "--screenshot",
                screenshot,
            ])
            .output()
            .expect("node runs (scripts/setup-browser.sh installs what the browser test needs)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "the dashboard's browser test failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("browser test: {stdout}");
    }
}

/// The indexer process.
pub struct Indexer {
    process: Service,
    pub addr: String,
}

impl Indexer {
    pub fn spawn(w: &World, db: &str) -> Self {
        let mut indexer = Command::new(bin("lending-pool-indexer"));
        indexer
            .args([
                "--url",
                &w.validator.rpc_url(),
                "--ws-url",
                &w.validator.rpc_pubsub_url(),
            ])
            .args([
                "--database-url",
                db,
                "--listen",
                "127.0.0.1:0",
                "--poll-ms",
                "500",
            ])
            .args(["--pool-oracles", &w.demo.pool_oracles])
            .arg("--dashboard-dir")
            .arg(repo().join("dashboard/dist"))
            .env("INDEXER_LOG", "warn");
        let mut process = Service::spawn(indexer);
        // it prints the address it bound (port 0 picks one) before anything else
        let addr = process.wait_for_line("listening on http://", Duration::from_secs(60));
        Self { process, addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn get_text(&self, path: &str) -> String {
        let (status, body) = processes::http_get(&self.addr, path).unwrap();
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    pub fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let body = self.get_text(path);
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// Waits until the index holds the pool's newest transaction and has reconciled it.
    pub fn wait_caught_up(&mut self, w: &World, within: Duration) {
        let target = w.program_history().last_slot;
        let start = Instant::now();
        let mut last;
        loop {
            let got = processes::http_get(&self.addr, &format!("/api/pools/{}", w.demo.pool));
            last = format!("{got:?}");
            if let Ok((200, body)) = got {
                let v: Value = serde_json::from_str(&body).unwrap();
                let checked = v["reconciliation"]["checked_slot"].as_u64().unwrap_or(0);
                if v["last_slot"].as_u64().unwrap_or(0) >= target && checked >= target {
                    assert_eq!(v["reconciliation"]["ok"], true, "{}", v["reconciliation"]);
                    eprintln!("caught up with slot {target} in {:?}", start.elapsed());
                    return;
                }
            }
            assert!(self.process.is_running(), "the indexer exited");
            assert!(
                start.elapsed() < within,
                "the indexer did not catch up with slot {target}: {last}"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// SIGKILL: no shutdown, no flush; whatever was not committed is gone.
    pub fn kill(self) {
        self.process.kill();
    }

    pub fn stop(self) {
        let (status, _) = self.process.stop();
        assert!(
            status.success(),
            "the indexer stops cleanly on SIGTERM: {status}"
        );
    }
}
