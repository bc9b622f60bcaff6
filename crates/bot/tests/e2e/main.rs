//! End to end on a real `solana-test-validator` (RPC on loopback) with the SBF program:
//! the `lending-pool` CLI sets up a pool, an LP and a borrower; the price crashes (a new
//! `PriceUpdateV2` is posted); the `liquidator` bot liquidates and the program settles the
//! rest through the waterfall; the books match the README's worked example to the unit.
//! Then (`marks`) insurance staking, marked shortfalls and exit prices on the same pool.
//!
//! Pyth's receiver is stood in for by `programs/mock-pyth-receiver`, loaded at the
//! receiver's address (local validators only), so prices can change while the validator runs.
mod env;
mod flash;
mod marks;
mod operators;
mod ops_world;
mod proxy;
mod pushed;

use anchor_spl::associated_token;
use env::*;
use lending_pool_cli::{PoolView, PositionView};
use lending_pool_client::rpc::{Client, SendOptions};
use lending_pool_localnet::processes;
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::path::Path;
use std::process::Command;

#[test]
fn a_price_crash_is_liquidated_and_settled_by_the_bot_over_rpc() {
    let (validator, payer) = start_validator();
    let url = validator.rpc_url();
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "RPC on loopback: {url}"
    );

    let tmp = processes::scratch_dir(Path::new(env!("CARGO_TARGET_TMPDIR")), "e2e");
    let env = Env {
        url: url.clone(),
        dir: tmp.clone(),
        client: Client::new(&url, payer.insecure_clone(), SendOptions::default()),
    };
    let admin = env.keypair_file("admin", &payer);
    let (lp, borrower, bot) = (Keypair::new(), Keypair::new(), Keypair::new());
    for k in [&lp, &borrower, &bot] {
        env.fund(&k.pubkey());
    }
    let lp_file = env.keypair_file("lp", &lp);
    let borrower_file = env.keypair_file("borrower", &borrower);
    let bot_file = env.keypair_file("bot", &bot);

    let usdc = env.create_mint(6);
    let sol = env.create_mint(9);
    env.mint_to(&usdc, &lp.pubkey(), 100_000 * USDC);
    env.mint_to(&usdc, &payer.pubkey(), 100 * USDC);
    env.mint_to(&sol, &borrower.pubkey(), 10 * SOL);
    env.mint_to(&usdc, &bot.pubkey(), 10_000 * USDC);
    let base_oracle = env.create_price(feed_bytes(BASE_FEED), 100_000_000);
    let sol_oracle = env.create_price(feed_bytes(SOL_FEED), 150 * 100_000_000);

    // no interest, so the books can be compared with the worked example to the unit
    let config = tmp.join("pool.json");
    std::fs::write(
        &config,
        r#"{ "baseRateBps": 0, "slope1Bps": 0, "slope2Bps": 0, "oracleMaxAgeSecs": 3600 }"#,
    )
    .unwrap();
    let pool = env.init_pool_with_sol(&admin, &usdc, &sol, &config);
    // the admin can change a slot's parameters (absent flags keep theirs) and put them back
    for ltv in ["0", "7500"] {
        let args = ["pool", "update-collateral", "--pool", &pool, "--slot", "0"];
        env.cli(&admin, &[&args[..], &["--ltv-bps", ltv]].concat());
        let c = &env.pool_view(&admin, &pool).collaterals[0];
        assert_eq!(
            (c.ltv_bps.to_string().as_str(), c.liquidation_threshold_bps),
            (ltv, 8_000)
        );
    }
    env.cli(
        &lp_file,
        &["deposit", "--pool", &pool, "--amount", "100000"],
    );
    env.cli(
        &admin,
        &["pool", "fund-insurance", "--pool", &pool, "--amount", "100"],
    );
    let (b, s) = (base_oracle.to_string(), sol_oracle.to_string());
    let oracles = ["--base-oracle", b.as_str(), "--oracle", s.as_str()];
    env.cli(&borrower_file, &["position", "open", "--pool", &pool]);
    env.cli(
        &borrower_file,
        &[
            "position",
            "deposit-collateral",
            "--pool",
            &pool,
            "--slot",
            "0",
            "--amount",
            "10",
        ],
    );
    // one unit over the conservative limit is refused: the CLI reports the program's error
    let too_much = Command::new(cli_bin())
        .args([
            "--url",
            &url,
            "--keypair",
            &borrower_file,
            "borrow",
            "--pool",
            &pool,
        ])
        .args(["--amount", "1200"])
        .args(oracles)
        .output()
        .unwrap();
    assert!(!too_much.status.success());
    let mut borrow = vec!["borrow", "--pool", &pool, "--amount", "1100"];
    borrow.extend(oracles);
    env.cli(&borrower_file, &borrow);

    let mut show = vec!["--json", "position", "show", "--pool", &pool];
    show.extend(oracles);
    let before: PositionView = serde_json::from_str(&env.cli(&borrower_file, &show)).unwrap();
    assert_eq!(before.debt, 1_100 * USDC);
    assert_eq!(before.collateral, vec![10 * SOL]);
    assert_eq!(before.liquidatable, Some(false));

    // a healthy pool: the bot finds nothing to do
    let mut bot_args = vec!["--once", "--pool", &pool];
    bot_args.extend(oracles);
    let quiet = env.run(env!("CARGO_BIN_EXE_liquidator"), &bot_file, &bot_args);
    assert!(quiet.contains("1 positions, 0 liquidatable"), "{quiet}");

    // SOL crashes from $150 to $50: a new PriceUpdateV2 in the same account
    env.client
        .send(
            &[env.post_ix(&sol_oracle, feed_bytes(SOL_FEED), 50 * 100_000_000)],
            &[],
        )
        .unwrap();
    let after: PositionView = serde_json::from_str(&env.cli(&borrower_file, &show)).unwrap();
    assert_eq!(after.liquidatable, Some(true));

    // a dry run plans and sends nothing
    let mut dry = bot_args.clone();
    dry.push("--dry-run");
    let planned = env.run(env!("CARGO_BIN_EXE_liquidator"), &bot_file, &dry);
    assert!(planned.contains("dry run: would liquidate"), "{planned}");
    // what it would liquidate it would not also mark
    assert!(!planned.contains("would mark"), "{planned}");
    assert!(planned.contains("settles the rest"), "{planned}");
    assert_eq!(env.pool_view(&admin, &pool).total_debt, 1_100 * USDC);

    let acted = env.run(env!("CARGO_BIN_EXE_liquidator"), &bot_file, &bot_args);
    assert!(
        acted.contains(
            "liquidated 1 (0 with flash loans), settled 0, marked 0 (0 released), sold 0, failed 0"
        ),
        "{acted}"
    );

    // the README's worked example, to the unit: the bot repaid 476.190477 (+ a 4.761905 fee)
    // for all 10 SOL; D = 623.809523 was settled: 104.761905 from insurance, 519.047618 from LPs
    let v = env.pool_view(&admin, &pool);
    assert_eq!(v.total_debt, 0);
    assert_eq!(v.settlements, 1);
    assert_eq!(v.total_insurance_paid, 104_761_905);
    assert_eq!(v.total_socialized, 519_047_618);
    assert_eq!(v.insurance_vault_ledger, 0);
    assert_eq!(v.lp_assets, 100_000 * USDC - 519_047_618);
    assert_eq!(v.cash, 100_000 * USDC - 519_047_618);
    let bot_usdc = associated_token::get_associated_token_address(&bot.pubkey(), &usdc);
    let bot_sol = associated_token::get_associated_token_address(&bot.pubkey(), &sol);
    assert_eq!(
        env.client.token_balance(&bot_usdc).unwrap(),
        10_000 * USDC - 476_190_477 - 4_761_905
    );
    assert_eq!(env.client.token_balance(&bot_sol).unwrap(), 10 * SOL);
    // the bot's scan now finds an empty position and nothing to do
    let idle = env.run(env!("CARGO_BIN_EXE_liquidator"), &bot_file, &bot_args);
    assert!(idle.contains("0 liquidatable"), "{idle}");

    // the Solana CLI config supplies --url and --keypair when they are not given
    let home = tmp.join("home");
    std::fs::create_dir_all(home.join(".config/solana/cli")).unwrap();
    std::fs::write(
        home.join(".config/solana/cli/config.yml"),
        format!("---\njson_rpc_url: \"{url}\"\nkeypair_path: {admin}\ncommitment: confirmed\n"),
    )
    .unwrap();
    let out = Command::new(cli_bin())
        .env("HOME", &home)
        .args(["--json", "pool", "show", "--pool", &pool])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_config: PoolView = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(from_config, v);

    // anyone (here the bot, out of its profit) may give the LPs back what they lost, while
    // nobody can buy shares ahead of it: refused in the open pool, accepted once the admin
    // pauses deposits; the loss ledger records it as recovered
    let recapitalize = [
        "pool",
        "recapitalize",
        "--pool",
        &pool,
        "--amount",
        "519.047618",
    ];
    let refused = env.cli_fails(&bot_file, &recapitalize);
    assert!(refused.contains("RecapitalizeWhileOpen"), "{refused}");
    let pause =
        |flags: &str| ["pool", "pause", "--pool", &pool, "--flags", flags].map(String::from);
    env.cli(&admin, &pause("deposit").each_ref().map(String::as_str));
    env.cli(&bot_file, &recapitalize);
    env.cli(&admin, &pause("none").each_ref().map(String::as_str));
    let r = env.pool_view(&admin, &pool);
    assert_eq!(
        (r.lp_assets, r.total_recovered),
        (100_000 * USDC, 519_047_618)
    );
    assert_eq!((r.status.as_str(), r.breaker_tripped), ("active", false));
    // the pool never froze (a 0.5% write-off only lowers the price): nothing to unfreeze
    let refused = env.cli_fails(&admin, &["pool", "unfreeze", "--pool", &pool]);
    assert!(refused.contains("PoolNotFrozen"), "{refused}");

    marks::marks_exit_prices_and_staking(
        &env,
        &marks::Act {
            pool: pool.clone(),
            admin: admin.clone(),
            lp_file: lp_file.clone(),
            lp: lp.pubkey(),
            bot_file: bot_file.clone(),
            usdc,
            sol,
            base_oracle,
            sol_oracle,
            oracles: ["--base-oracle", b.as_str(), "--oracle", s.as_str()].map(String::from),
        },
    );
    drop(validator);
}
