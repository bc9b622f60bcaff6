//! Deploy and upgrade as on a cluster, from the previous release. A validator starts
//! without the lending pool; `program deploy` writes the previous release's binary (built
//! from its commit in `releases.toml`) through the upgradeable loader at the localnet
//! address and hands the upgrade authority to a vault (a key standing in for a multisig).
//! On that program the demo makes pools, positions, stakes; a crash makes marks, an LP's
//! exit request and a staker's unstake request. `program upgrade --authority VAULT
//! --print-message` prints the vault's `Upgrade`, which the vault signs and sends, as a
//! multisig would. Then every account the old program wrote decodes with today's code and
//! every kind of operation works on it. A layout change that breaks old accounts fails
//! here until it ships with its migration.
use anchor_lang::Discriminator;
use lending_pool_client::rpc::{Client, SendOptions};
use lending_pool_localnet::{chain, demo, processes, validator};
use lending_pool_sdk::{
    accounts::decode_zero_copy,
    state::{ExitRequest, InsuranceFund, InsuranceStake, Pool, Position},
    PROGRAM_ID,
};
use serde_json::Value;
use solana_keypair::{write_keypair_file, Keypair};
use solana_signer::Signer;
use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::Command,
};

const DOLLAR: i64 = 100_000_000;

struct Net {
    url: String,
    client: Client,
}

impl Net {
    fn cli(&self, keypair: &Path, args: &[&str]) -> String {
        let bin = Path::new(env!("CARGO_BIN_EXE_lending-pool"));
        processes::run(bin, &self.url, &keypair.display().to_string(), args)
    }

    fn cli_failing(&self, keypair: &Path, args: &[&str]) -> String {
        let bin = Path::new(env!("CARGO_BIN_EXE_lending-pool"));
        processes::run_failing(bin, &self.url, &keypair.display().to_string(), args)
    }

    fn show(&self, keypair: &Path) -> Value {
        let id = PROGRAM_ID.to_string();
        let out = self.cli(keypair, &["--json", "program", "show", "--program-id", &id]);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    }

    /// Every account the program owns, by kind; panics on one today's code cannot decode.
    fn accounts_by_kind(&self) -> BTreeMap<&'static str, usize> {
        let mut kinds = BTreeMap::new();
        for (key, a) in self.client.rpc.get_program_accounts(&PROGRAM_ID).unwrap() {
            let d = &a.data;
            let kind = if d.starts_with(Pool::DISCRIMINATOR) {
                decode_zero_copy::<Pool>(d).map(|_| "pool")
            } else if d.starts_with(InsuranceFund::DISCRIMINATOR) {
                decode_zero_copy::<InsuranceFund>(d).map(|_| "insurance fund")
            } else if d.starts_with(Position::DISCRIMINATOR) {
                decode_zero_copy::<Position>(d).map(|_| "position")
            } else if d.starts_with(InsuranceStake::DISCRIMINATOR) {
                decode_zero_copy::<InsuranceStake>(d).map(|_| "insurance stake")
            } else if d.starts_with(ExitRequest::DISCRIMINATOR) {
                decode_zero_copy::<ExitRequest>(d).map(|_| "exit request")
            } else {
                panic!("{key}: an account of no known kind ({} bytes)", d.len())
            };
            let kind = kind.unwrap_or_else(|e| panic!("{key} does not decode: {e:?}"));
            *kinds.entry(kind).or_default() += 1;
        }
        kinds
    }
}

/// The newest recorded release and its program, built from its commit.
fn previous_release() -> (String, PathBuf) {
    let root = lending_pool_sdk::checkout::workspace_root();
    let releases: toml::Value =
        toml::from_str(&std::fs::read_to_string(root.join("releases.toml")).unwrap()).unwrap();
    let newest = releases["release"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let commit = newest["commit"].as_str().unwrap();
    let out = Command::new(root.join("scripts/build-release.sh"))
        .arg(commit)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "building release {commit}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let so = String::from_utf8_lossy(&out.stdout)
        .trim()
        .lines()
        .last()
        .unwrap()
        .to_string();
    (newest["version"].as_str().unwrap().to_string(), so.into())
}

fn keypair_file(dir: &Path, name: &str, k: &Keypair) -> PathBuf {
    let f = dir.join(format!("{name}.json"));
    write_keypair_file(k, &f).unwrap();
    f
}

#[test]
fn program_deploy_and_upgrade_keep_the_previous_releases_accounts_working() {
    let (version, old_so) = previous_release();
    let new_so = validator::deploy_dir().join("lending_pool.so");
    let (v, payer) = validator::start(&validator::Options {
        without_lending_pool: true,
        ..Default::default()
    })
    .unwrap();
    let dir = processes::scratch_dir(Path::new(env!("CARGO_TARGET_TMPDIR")), "release");
    let deployer = keypair_file(&dir, "deployer", &payer);
    let net = Net {
        url: v.rpc_url(),
        client: Client::new(&v.rpc_url(), payer, SendOptions::default()),
    };
    let vault = Keypair::new();
    chain::fund(&net.client, &vault.pubkey(), 10_000_000_000).unwrap();
    let vault_file = keypair_file(&dir, "vault", &vault);
    let id = PROGRAM_ID.to_string();
    let (old_so_s, new_so_s) = (old_so.display().to_string(), new_so.display().to_string());
    let program_keypair = validator::localnet_program_keypair().display().to_string();

    // deploy the previous release through the loader; the vault takes the authority
    let out = net.cli(
        &deployer,
        &[
            "program",
            "deploy",
            "--so",
            &old_so_s,
            "--program-keypair",
            &program_keypair,
            "--final-authority",
            &vault.pubkey().to_string(),
        ],
    );
    assert!(out.contains(&format!("deployed {id}")), "{out}");
    assert!(
        out.contains(&format!("upgrade authority handed to {}", vault.pubkey())),
        "{out}"
    );
    let shown = net.show(&deployer);
    assert_eq!(shown["upgrade_authority"], vault.pubkey().to_string());
    let old_hash = lending_pool_cli::so_hash(&old_so).unwrap();
    assert_eq!(
        shown["hash"], old_hash,
        "the release {version} is what runs"
    );
    let room = shown["data_len"].as_u64().unwrap();
    assert!(
        room >= 2 * std::fs::metadata(&old_so).unwrap().len(),
        "room to grow: {room}"
    );
    // refused: deploying over it, and an upgrade signed by a key that is not the authority
    let again = net.cli_failing(
        &deployer,
        &[
            "program",
            "deploy",
            "--so",
            &new_so_s,
            "--program-keypair",
            &program_keypair,
        ],
    );
    assert!(again.contains("already exists"), "{again}");
    let not_authority = net.cli_failing(
        &deployer,
        &["program", "upgrade", "--so", &new_so_s, "--program-id", &id],
    );
    assert!(
        not_authority.contains(&format!("upgrade authority is {}", vault.pubkey())),
        "{not_authority}"
    );

    // the old program's world: the demo, then a crash with marks and exit requests
    let d = demo::seed(&net.client, &dir.join("keys")).unwrap();
    let oracles = d.oracle_args();
    let oracle_args: Vec<&str> = oracles.iter().map(String::as_str).collect();
    let pool = d.pool.as_str();
    let role = |r: &str| d.keypairs[r].clone();
    d.set_collateral_price(&net.client, 0, DOLLAR).unwrap();
    d.set_collateral_price(&net.client, 1, 1_000 * DOLLAR)
        .unwrap();
    let pool_key = d.pool();
    for b in ["borrower2", "borrower3", "borrower4"] {
        let owner = solana_keypair::read_keypair_file(role(b)).unwrap().pubkey();
        let position = lending_pool_sdk::pda::position(&pool_key, &owner, 0).to_string();
        let out = net.cli(
            &role("admin"),
            &[&["position", "mark", &position][..], &oracle_args].concat(),
        );
        assert!(out.contains("marked: shortfall"), "{out}");
    }
    let redeemed = net.cli(
        &role("lp1"),
        &["redeem", "--pool", pool, "--shares", "1000000000"],
    );
    assert!(
        redeemed.to_lowercase().contains("exit"),
        "a stressed pool takes a request: {redeemed}"
    );
    net.cli(
        &role("staker1"),
        &[
            &[
                "insurance",
                "request-unstake",
                "--pool",
                pool,
                "--shares",
                "all",
            ][..],
            &oracle_args,
        ]
        .concat(),
    );
    let before = net.accounts_by_kind();
    assert_eq!(before["position"], 5, "{before:?}");
    assert_eq!(before["insurance stake"], 2, "{before:?}");
    assert_eq!(before["exit request"], 1, "{before:?}");
    assert_eq!(
        (before["pool"], before["insurance fund"]),
        (1, 1),
        "{before:?}"
    );
    let pool_before = net.client.account_data(&pool_key).unwrap().unwrap();

    // the upgrade, as the vault's multisig would run it: the printed message, signed by it
    let printed = net.cli(
        &deployer,
        &[
            "--authority",
            &vault.pubkey().to_string(),
            "--print-message",
            "program",
            "upgrade",
            "--so",
            &new_so_s,
            "--program-id",
            &id,
        ],
    );
    let json_start = printed.find('{').unwrap();
    let m: Value = serde_json::from_str(&printed[json_start..]).unwrap();
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(m["message_base64"].as_str().unwrap())
        .unwrap();
    let mut message: solana_transaction::Message = bincode::deserialize(&bytes).unwrap();
    message.recent_blockhash = net.client.rpc.get_latest_blockhash().unwrap();
    let mut tx = solana_transaction::Transaction::new_unsigned(message);
    tx.try_sign(&[&vault], tx.message.recent_blockhash).unwrap();
    net.client.rpc.send_and_confirm_transaction(&tx).unwrap();
    let shown = net.show(&vault_file);
    assert_eq!(
        shown["hash"],
        lending_pool_cli::so_hash(&new_so).unwrap(),
        "today's build runs"
    );
    assert_eq!(shown["upgrade_authority"], vault.pubkey().to_string());
    eprintln!(
        "upgraded {version} ({}) to this build ({})",
        &old_hash[..12],
        &shown["hash"].as_str().unwrap()[..12]
    );

    // every account decodes as before, untouched by the upgrade
    assert_eq!(net.accounts_by_kind(), before);
    assert_eq!(
        net.client.account_data(&pool_key).unwrap().unwrap(),
        pool_before
    );

    // and every kind of operation works on them
    d.set_collateral_price(&net.client, 0, 150 * DOLLAR)
        .unwrap();
    d.set_collateral_price(&net.client, 1, 60_000 * DOLLAR)
        .unwrap();
    for b in ["borrower2", "borrower3", "borrower4"] {
        let owner = solana_keypair::read_keypair_file(role(b)).unwrap().pubkey();
        let position = lending_pool_sdk::pda::position(&pool_key, &owner, 0).to_string();
        net.cli(
            &role("admin"),
            &[&["position", "mark", &position][..], &oracle_args].concat(),
        );
    }
    net.cli(&role("lp1"), &["cancel-exit", "--pool", pool]);
    net.cli(
        &role("staker1"),
        &["insurance", "cancel-unstake", "--pool", pool],
    );
    // new money for the LP and the staker who put all theirs in (the admin mints USDC)
    let usdc: anchor_lang::prelude::Pubkey = d.base_mint.parse().unwrap();
    for who in ["staker2", "lp2"] {
        let owner = solana_keypair::read_keypair_file(role(who))
            .unwrap()
            .pubkey();
        chain::mint_to(&net.client, &usdc, &owner, 100_000_000).unwrap();
    }
    net.cli(
        &role("staker2"),
        &["insurance", "stake", "--pool", pool, "--amount", "1"],
    );
    net.cli(&role("lp2"), &["deposit", "--pool", pool, "--amount", "10"]);
    net.cli(&role("lp2"), &["withdraw", "--pool", pool, "--amount", "5"]);
    let b1 = role("borrower1");
    net.cli(
        &b1,
        &[
            &["borrow", "--pool", pool, "--amount", "50"][..],
            &oracle_args,
        ]
        .concat(),
    );
    net.cli(&b1, &["repay", "--pool", pool, "--amount", "100"]);
    net.cli(
        &b1,
        &[
            &[
                "position",
                "withdraw-collateral",
                "--pool",
                pool,
                "--slot",
                "0",
                "--amount",
                "1",
            ][..],
            &oracle_args,
        ]
        .concat(),
    );
    let after = net.accounts_by_kind();
    assert_eq!(
        after.get("exit request"),
        None,
        "the request was cancelled: {after:?}"
    );
    // a crash: the bot liquidates on the upgraded program
    d.set_collateral_price(&net.client, 0, 100 * DOLLAR)
        .unwrap();
    let bot = processes::sibling_bin(env!("CARGO_BIN_EXE_lending-pool"), "liquidator");
    let out = processes::run(
        &bot,
        &net.url,
        &role("liquidator").display().to_string(),
        &[&["--once", "--pool", pool][..], &oracle_args].concat(),
    );
    // (a plan outrun by the round's previous liquidation is the bot's tests' concern)
    let liquidated: u32 = out
        .split("liquidated ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a round summary: {out}"));
    assert!(
        liquidated >= 2,
        "both borrowers the crash reaches are liquidated: {out}"
    );
}
