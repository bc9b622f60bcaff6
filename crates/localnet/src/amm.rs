//! The local network's AMM: SPL token-swap constant-product pools, one per collateral
//! against the base asset, seeded with liquidity the payer mints (it is every demo mint's
//! authority), and an arbitrageur that trades a pool back to the oracle's price after a
//! price move, as arbitrage bots do on a cluster.
use crate::chain::{create_mint_for, create_token_account, mint_to};
use anchor_lang::prelude::Pubkey;
use anyhow::{Context, Result};
use lending_pool_client::rpc::Client;
use lending_pool_swap::token_swap::{self, Fees, SwapPool, PROGRAM_ID, SWAP_LEN};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The pools' trade fee: 0.25%, what a standard constant-product pool charges.
pub const TRADE_FEE_BPS: u64 = 25;

/// Creates a constant-product pool of `collateral` (`collateral_amount`) against `base`
/// (`base_amount`), both minted by the payer; the payer holds the pool tokens.
pub fn create_pool(
    client: &Client,
    collateral: &Pubkey,
    base: &Pubkey,
    collateral_amount: u64,
    base_amount: u64,
) -> Result<Pubkey> {
    let swap = Keypair::new();
    let (authority, _) = token_swap::authority(&PROGRAM_ID, &swap.pubkey());
    let me = client.payer_key();
    let reserve_a = create_token_account(client, collateral, &authority)?;
    let reserve_b = create_token_account(client, base, &authority)?;
    for (mint, reserve, amount) in [
        (collateral, reserve_a, collateral_amount),
        (base, reserve_b, base_amount),
    ] {
        let ix = anchor_spl::token::spl_token::instruction::mint_to(
            &anchor_spl::token::ID,
            mint,
            &reserve,
            &me,
            &[],
            amount,
        )?;
        client.send(&[ix], &[])?;
    }
    let pool_mint = create_mint_for(client, 6, &authority)?;
    let fee_account = create_token_account(client, &pool_mint, &me)?;
    let lp_tokens = create_token_account(client, &pool_mint, &me)?;
    let rent = client
        .rpc
        .get_minimum_balance_for_rent_exemption(SWAP_LEN)?;
    let ixs = [
        solana_system_interface::instruction::create_account(
            &me,
            &swap.pubkey(),
            rent,
            SWAP_LEN as u64,
            &PROGRAM_ID,
        ),
        token_swap::initialize(
            &PROGRAM_ID,
            &swap.pubkey(),
            &reserve_a,
            &reserve_b,
            &pool_mint,
            &fee_account,
            &lp_tokens,
            &Fees::trade_bps(TRADE_FEE_BPS),
        ),
    ];
    client
        .send(&ixs, &[&swap])
        .context("initializing a token-swap pool")?;
    Ok(swap.pubkey())
}

/// The pool at `swap` and its reserves (A, B).
pub fn pool_state(client: &Client, swap: &Pubkey) -> Result<(SwapPool, u64, u64)> {
    let data = client
        .account_data(swap)?
        .with_context(|| format!("no token-swap pool at {swap}"))?;
    let pool = SwapPool::decode(&data)?;
    let a = client.token_balance(&pool.token_a)?;
    let b = client.token_balance(&pool.token_b)?;
    Ok((pool, a, b))
}

/// Trades the pool at `swap` until B per A is `price_num / price_den` (within the fee):
/// the payer mints what it sells, the side the pool is short of at that price. Keeps the
/// invariant: the new reserves are √(k·p) and √(k/p).
pub fn arbitrage_to(
    client: &Client,
    swap: &Pubkey,
    price_num: u128,
    price_den: u128,
) -> Result<()> {
    let (pool, a, b) = pool_state(client, swap)?;
    let k = a as f64 * b as f64;
    let p = price_num as f64 / price_den as f64;
    let (target_a, target_b) = ((k / p).sqrt(), (k * p).sqrt());
    let me = client.payer_key();
    let (sell_mint, buy_mint, amount) = if target_a > a as f64 {
        (
            pool.token_a_mint,
            pool.token_b_mint,
            (target_a - a as f64) as u64,
        )
    } else {
        (
            pool.token_b_mint,
            pool.token_a_mint,
            (target_b - b as f64) as u64,
        )
    };
    if amount == 0 {
        return Ok(());
    }
    let source = mint_to(client, &sell_mint, &me, amount)?;
    let destination = client.ensure_ata(&me, &buy_mint)?;
    let a_to_b = sell_mint == pool.token_a_mint;
    let ix = token_swap::swap(
        &PROGRAM_ID,
        swap,
        &pool,
        a_to_b,
        &me,
        &source,
        &destination,
        amount,
        1,
    );
    client
        .send(&[ix], &[])
        .context("trading the AMM pool to the oracle's price")?;
    Ok(())
}
