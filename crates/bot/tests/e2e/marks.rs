//! The e2e's second act, on the same validator: an insurance staker stakes, requests an
//! unstake (its value fixed, the cooldown running), is refused the payout before the
//! cooldown and cancels; two more borrowers crash with SOL; one is marked with
//! `position mark`, the bot (over budget) marks the other and leaves the exact mark alone;
//! `pool show` and `position shortfall` agree with the marks to the unit; an LP's
//! redemption is paid at the exit price; insurance shares are priced net of the covered
//! marks; SOL recovers and the bot releases the marks; SOL falls again and the bot,
//! with its budget, clears both.
//!
//! The validator's clock follows the wall clock and the shortest cooldown is an hour, so
//! the payout after the cooldown is not run here (the SBF suite warps the clock for it).
use crate::env::*;
use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token;
use lending_pool_sdk::{
    math::{share_price_wad_down, to_assets_down},
    pda,
};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// What the first act left: the pool (SOL at $50, insurance emptied by a settlement,
/// LPs recapitalized) and who holds what.
pub struct Act {
    pub pool: String,
    pub admin: String,
    pub lp_file: String,
    pub lp: Pubkey,
    pub bot_file: String,
    pub usdc: Pubkey,
    pub sol: Pubkey,
    pub base_oracle: Pubkey,
    pub sol_oracle: Pubkey,
    pub oracles: [String; 4],
}

/// A WAD price as the views print it (a decimal string).
fn wad(s: &str) -> u128 {
    s.parse().expect("a WAD integer")
}

pub fn marks_exit_prices_and_staking(env: &Env, a: &Act) {
    let pool = a.pool.as_str();
    let oracles: Vec<&str> = a.oracles.iter().map(String::as_str).collect();

    // an insurance staker: 100 USDC into an empty fund mints shares 1:1
    let staker = Keypair::new();
    env.fund(&staker.pubkey());
    env.mint_to(&a.usdc, &staker.pubkey(), 100 * USDC);
    let staker_file = env.keypair_file("staker", &staker);
    env.cli(
        &staker_file,
        &["insurance", "stake", "--pool", pool, "--amount", "100"],
    );
    let s = env.stake_view(&staker_file, pool);
    assert_eq!(
        (s.shares, s.value, s.total_staked),
        (100 * USDC, 100 * USDC, 100 * USDC)
    );
    let args = ["insurance", "request-unstake", "--pool", pool];
    env.cli(&staker_file, &[&args[..], &["--shares", "all"]].concat());
    let s = env.stake_view(&staker_file, pool);
    assert_eq!(
        (s.cooldown_shares, s.cooldown_value),
        (100 * USDC, 100 * USDC)
    );
    let cooldown = env.pool_view(&a.admin, pool).unstake_cooldown_secs as i64;
    assert!(s.cooldown_left_secs > cooldown - 120 && s.cooldown_left_secs <= cooldown);
    let early = env.cli_fails(&staker_file, &["insurance", "unstake", "--pool", pool]);
    assert!(early.contains("UnstakeCooldownActive"), "{early}");
    let again = env.cli_fails(&staker_file, &[&args[..], &["--shares", "1"]].concat());
    assert!(again.contains("UnstakeAlreadyRequested"), "{again}");
    env.cli(
        &staker_file,
        &["insurance", "cancel-unstake", "--pool", pool],
    );
    let s = env.stake_view(&staker_file, pool);
    assert_eq!(
        (s.shares, s.cooldown_shares, s.value),
        (100 * USDC, 0, 100 * USDC)
    );
    let v = env.pool_view(&a.admin, pool);
    assert_eq!(
        (
            v.insurance_vault_ledger,
            v.insurance_total_shares,
            v.insurance_protocol_shares
        ),
        (100 * USDC, 100 * USDC, 0)
    );

    // two borrowers at SOL $50: 10 SOL for $300 and 5 SOL for $150
    let (b2, b3) = (Keypair::new(), Keypair::new());
    let mut files = vec![];
    for (name, b, sol, debt) in [("b2", &b2, 10, "300"), ("b3", &b3, 5, "150")] {
        env.fund(&b.pubkey());
        env.mint_to(&a.sol, &b.pubkey(), sol * SOL);
        let f = env.keypair_file(name, b);
        env.cli(&f, &["position", "open", "--pool", pool]);
        let deposit = [
            "position",
            "deposit-collateral",
            "--pool",
            pool,
            "--slot",
            "0",
        ];
        env.cli(
            &f,
            &[&deposit[..], &["--amount", &sol.to_string()]].concat(),
        );
        env.cli(
            &f,
            &[&["borrow", "--pool", pool, "--amount", debt], &oracles[..]].concat(),
        );
        files.push(f);
    }
    let key = |b: &Keypair| lending_pool_sdk::pda::position(&pool.parse().unwrap(), &b.pubkey(), 0);
    let (k2, k3) = (key(&b2).to_string(), key(&b3).to_string());

    // SOL to $20: 10 SOL repay $200 / 1.05 = 190.476190 of 300 and pay the fund 1% on it,
    // 192.380952 in all; 5 SOL $100 / 1.05 × 1.01 = 96.190476 of 150 (rounded down: a mark
    // never understates what LPs and insurance lose)
    env.set_price(&a.sol_oracle, feed_bytes(SOL_FEED), 20 * 100_000_000);
    let (short2, short3) = (107_619_048, 53_809_524);
    let p2 = env.shortfall(&a.admin, &k2, &oracles);
    assert_eq!(
        (p2.shortfall, p2.mark, p2.position_debt),
        (short2, 0, 300 * USDC)
    );
    // the preview re-marks this one: the fund's 100 covers most of it, the LPs the rest
    assert_eq!(
        (
            p2.marked_shortfall,
            p2.insurance_covered,
            p2.uncovered_shortfall
        ),
        (short2, 100 * USDC, short2 - 100 * USDC)
    );
    assert_eq!(p2.exit_lp_assets, p2.lp_assets - (short2 - 100 * USDC));
    assert!(wad(&p2.exit_share_price_wad) < wad(&p2.share_price_wad));

    // anyone marks one position by hand; the bot, over budget, marks the other
    let marked = env.cli(
        &a.admin,
        &[&["position", "mark", &k2], &oracles[..]].concat(),
    );
    assert!(marked.contains("marked: shortfall 107.6190"), "{marked}");
    let bot = env.run(
        env!("CARGO_BIN_EXE_liquidator"),
        &a.bot_file,
        &[
            &["--once", "--pool", pool, "--max-repay", "10"],
            &oracles[..],
        ]
        .concat(),
    );
    assert!(bot.contains("2 over budget"), "{bot}");
    assert!(
        bot.contains(
            "liquidated 0 (0 with flash loans), settled 0, marked 1 (0 released), sold 0, failed 0"
        ),
        "{bot}"
    );
    assert!(
        bot.contains(&format!("mark {k3}: shortfall {short3} (was 0)")),
        "{bot}"
    );
    for (k, short) in [(&k2, short2), (&k3, short3)] {
        let s = env.shortfall(&a.admin, k, &oracles);
        assert_eq!((s.mark, s.shortfall), (short, short), "{k}");
        // the CLI's preview from the decoded accounts is the program's `preview_mark`
        let p = env.preview_mark_onchain(&k.parse().unwrap(), &a.base_oracle, &[a.sol_oracle]);
        let from_program = (
            (p.position_debt, p.shortfall, p.mark, p.marked_shortfall),
            (
                p.insurance.gross,
                p.insurance.covered,
                p.uncovered_shortfall,
            ),
            (p.lp_assets, p.exit_lp_assets, p.lp_supply),
            (
                p.share_price_wad.to_string(),
                p.exit_share_price_wad.to_string(),
            ),
            (
                p.insurance_total_shares,
                p.insurance_share_price_wad.to_string(),
            ),
        );
        let from_cli = (
            (s.position_debt, s.shortfall, s.mark, s.marked_shortfall),
            (
                s.insurance_gross,
                s.insurance_covered,
                s.uncovered_shortfall,
            ),
            (s.lp_assets, s.exit_lp_assets, s.lp_supply),
            (s.share_price_wad, s.exit_share_price_wad),
            (s.insurance_total_shares, s.insurance_share_price_wad),
        );
        assert_eq!(from_cli, from_program, "{k}");
    }
    let p = env.position_view(&files[1], pool, &oracles);
    assert_eq!((p.marked_shortfall, p.liquidatable), (short3, Some(true)));

    // the books: 161.428572 marked, the fund's 100 covers 100 of it, the LPs 61.428572
    let v = env.pool_view(&a.admin, pool);
    let marked = short2 + short3;
    let uncovered = marked - 100 * USDC;
    assert_eq!(
        (
            v.marked_shortfall,
            v.insurance_covered,
            v.uncovered_shortfall
        ),
        (marked, 100 * USDC, uncovered)
    );
    assert_eq!(v.exit_lp_assets, v.lp_assets - uncovered);
    assert_eq!(
        v.exit_share_price_wad,
        share_price_wad_down(v.exit_lp_assets, v.lp_supply)
            .unwrap()
            .to_string()
    );
    assert!(wad(&v.exit_share_price_wad) < wad(&v.share_price_wad));
    // insurance shares are worth nothing net of the marks they would pay: leaving now
    // would fix a value of 0, so the known loss cannot be fled
    assert_eq!(
        v.insurance_share_price_wad,
        share_price_wad_down(0, 100 * USDC).unwrap().to_string()
    );
    assert_eq!(env.stake_view(&staker_file, pool).value, 0);

    // the uncovered marks stress the pool: an LP's redemption becomes an exit request, valued
    // at the exit price to the unit; cancelled, its shares come back
    let pool_key: Pubkey = pool.parse().unwrap();
    let lp_mint = env.client.pool(&pool_key).unwrap().lp_mint;
    let lp_shares = associated_token::get_associated_token_address(&a.lp, &lp_mint);
    let held = env.client.token_balance(&lp_shares).unwrap();
    let shares = 1_000 * USDC;
    env.cli(
        &a.lp_file,
        &["redeem", "--pool", pool, "--shares", &shares.to_string()],
    );
    let req = env
        .client
        .exit_request(&pda::exit_request(&pool_key, &a.lp))
        .unwrap()
        .expect("an exit request");
    assert_eq!(req.shares, shares);
    assert_eq!(
        req.value_at_request,
        to_assets_down(shares, v.exit_lp_assets, v.lp_supply).unwrap()
    );
    assert!(req.value_at_request < to_assets_down(shares, v.lp_assets, v.lp_supply).unwrap());
    assert_eq!(env.client.token_balance(&lp_shares).unwrap(), held - shares);
    env.cli(&a.lp_file, &["cancel-exit", "--pool", pool]);
    assert_eq!(env.client.token_balance(&lp_shares).unwrap(), held);

    // SOL back to $40: both are healthy again; the bot releases their marks
    env.set_price(&a.sol_oracle, feed_bytes(SOL_FEED), 40 * 100_000_000);
    let bot = env.run(
        env!("CARGO_BIN_EXE_liquidator"),
        &a.bot_file,
        &[&["--once", "--pool", pool], &oracles[..]].concat(),
    );
    assert!(
        bot.contains("0 liquidatable") && bot.contains("marked 2 (2 released), sold 0, failed 0"),
        "{bot}"
    );
    let v = env.pool_view(&a.admin, pool);
    assert_eq!((v.marked_shortfall, v.insurance_covered), (0, 0));
    assert_eq!(v.exit_share_price_wad, v.share_price_wad);
    assert_eq!(env.stake_view(&staker_file, pool).value, 100 * USDC);

    // and down to $20 again: over budget the bot marks both, then with the budget lifted it
    // clears both, and the liquidations and settlements release the marks
    env.set_price(&a.sol_oracle, feed_bytes(SOL_FEED), 20 * 100_000_000);
    let over_budget = [
        &["--once", "--pool", pool, "--max-repay", "10"],
        &oracles[..],
    ]
    .concat();
    let planned = env.run(
        env!("CARGO_BIN_EXE_liquidator"),
        &a.bot_file,
        &[&over_budget[..], &["--dry-run"]].concat(),
    );
    assert!(
        planned.contains(&format!(
            "dry run: would mark {k2}: shortfall {short2} (was 0)"
        )),
        "{planned}"
    );
    assert_eq!(env.pool_view(&a.admin, pool).marked_shortfall, 0);
    let bot = env.run(env!("CARGO_BIN_EXE_liquidator"), &a.bot_file, &over_budget);
    assert!(
        bot.contains("marked 2 (0 released), sold 0, failed 0"),
        "{bot}"
    );
    assert_eq!(env.pool_view(&a.admin, pool).marked_shortfall, marked);
    let bot = env.run(
        env!("CARGO_BIN_EXE_liquidator"),
        &a.bot_file,
        &[&["--once", "--pool", pool], &oracles[..]].concat(),
    );
    assert!(
        bot.contains(
            "liquidated 2 (0 with flash loans), settled 0, marked 0 (0 released), sold 0, failed 0"
        ),
        "{bot}"
    );
    let v = env.pool_view(&a.admin, pool);
    assert_eq!(
        (v.marked_shortfall, v.uncovered_shortfall, v.total_debt),
        (0, 0, 0)
    );
    assert_eq!(v.exit_share_price_wad, v.share_price_wad);
    assert_eq!(v.settlements, 3);
}
