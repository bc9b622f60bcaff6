//! Capital-free liquidation on a real validator: a bot holding no base tokens clears a SOL
//! crash with flash loans, selling each liquidation's collateral into the SPL token-swap
//! AMM in the same version-0 transaction (with its own address lookup table); it ends
//! holding USDC, no SOL but dust the AMM cannot buy, and every token is accounted for.
use super::env::*;
use super::ops_world::*;
use lending_pool_localnet::{amm, processes};
use lending_pool_sdk::{state::Pool, PoolAddresses};
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::path::Path;
use std::time::Duration;

#[test]
fn flash_liquidate_clears_a_crash_with_no_inventory_through_the_amm() {
    let (validator, payer) = start_validator();
    let url = validator.rpc_url();
    let tmp = processes::scratch_dir(Path::new(env!("CARGO_TARGET_TMPDIR")), "flash");
    let world = healthy(payer_env(&url, &payer, &tmp), 6);
    let c = &world.env.client;
    // the AMM: 2,000 SOL against 300,000 USDC ($150), then SOL falls to $120 on the oracle
    // and an arbitrageur trades the pool to it
    let swap = amm::create_pool(c, &world.sol, &world.usdc, 2_000 * SOL, 300_000 * USDC).unwrap();
    world.fall();
    amm::arbitrage_to(c, &swap, 120 * USDC as u128, SOL as u128).unwrap();
    let (pool_amm, sol_in_amm, _) = amm::pool_state(c, &swap).unwrap();
    assert_eq!(pool_amm.token_a_mint, world.sol);

    // a bot with SOL for fees and nothing else
    let keypair = Keypair::new();
    world.env.fund(&keypair.pubkey());
    let me = keypair.pubkey();
    let base_ata = c.ensure_ata(&me, &world.usdc).unwrap();
    let sol_ata = c.ensure_ata(&me, &world.sol).unwrap();
    assert_eq!(c.token_balance(&base_ata).unwrap(), 0);
    let bot = world.start_bot_as(
        keypair,
        "flash",
        &url,
        &[
            ("LIQUIDATOR_CAPITAL", "flash"),
            ("LIQUIDATOR_SWAPPER", "amm"),
            ("LIQUIDATOR_NO_MARK", "true"),
        ],
        &[],
    );
    bot.wait_ready(Duration::from_secs(60));
    world.wait_cleared(Duration::from_secs(180));
    let metrics = http_get(&bot.metrics, "/metrics").1;
    let (log, _) = bot.stop();

    let landed = sum_where(
        &metrics,
        "liquidator_actions_total",
        "action=\"flash-liquidate\",outcome=\"landed\"",
    );
    assert!(
        landed >= 1.0,
        "flash liquidations landed:\n{metrics}\n{log}"
    );
    assert!(log.contains("created address lookup table"), "{log}");
    assert_eq!(
        sum_where(
            &metrics,
            "liquidator_actions_total",
            "action=\"liquidate\",outcome=\"landed\""
        ),
        0.0,
        "nothing paid from inventory: it has none"
    );
    // it ends holding base tokens, not collateral
    let earned = c.token_balance(&base_ata).unwrap();
    assert!(earned > 0, "the bot earned USDC:\n{log}");
    // at most dust the AMM cannot buy (its curve can take a few units less than offered)
    let dust = c.token_balance(&sol_ata).unwrap();
    assert_eq!(
        dust as u128 * 120 * USDC as u128 / SOL as u128,
        0,
        "SOL worth a USDC unit left:\n{log}"
    );

    // the books: the loans are repaid, the vaults hold what the pool records, and every SOL
    // the borrowers deposited is in a position or was sold into the AMM
    let pool: Pool = c.pool(&world.pool).unwrap();
    assert_eq!((pool.flash_outstanding, pool.flash_fee_due), (0, 0));
    let addrs = PoolAddresses::derive(&pool.base_mint, &pool.creator);
    assert_eq!(c.token_balance(&addrs.base_vault).unwrap(), pool.cash);
    let in_positions: u64 = c
        .positions(&world.pool)
        .unwrap()
        .iter()
        .map(|(_, p)| p.collateral[0])
        .sum();
    assert_eq!(pool.collaterals[0].total_deposited, in_positions);
    let (_, sol_in_amm_after, _) = amm::pool_state(c, &swap).unwrap();
    assert_eq!(
        in_positions + (sol_in_amm_after - sol_in_amm) + dust,
        world.sol_deposited,
        "no SOL created or lost"
    );
    eprintln!(
        "flash liquidations: {landed}, the bot earned {earned} USDC units, {} SOL units sold into the AMM",
        sol_in_amm_after - sol_in_amm
    );
}
