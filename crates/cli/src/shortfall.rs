//! A position's shortfall and the pool's exit prices with it re-marked (`position shortfall`,
//! what `preview_mark` returns, computed from the decoded accounts with the program's own
//! functions: accrue, `Pool::shortfall_at`, `Pool::set_mark`, `Pool::exit_lp_assets`), and
//! `position mark` (sends `mark_shortfall`).
use super::{done, oracles_for, Ctx, OracleArgs};
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context, Result};
use lending_pool_client::{amount::format_amount, rpc::Client};
use lending_pool_sdk::{
    ix,
    math::{share_price_wad_down, PriceMode, Prices},
    oracle::decode_price_update,
    prices,
    state::{Pool, Position},
};
use serde::{Deserialize, Serialize};

/// `preview_mark`'s answer as `position shortfall` prints it (WAD values as strings).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ShortfallView {
    pub position: String,
    pub position_debt: u64,
    /// What a full liquidation would leave to settle now, at spot.
    pub shortfall: u64,
    /// The position's recorded mark.
    pub mark: u64,
    /// The pool's marked shortfall with this position re-marked, and the part of it the
    /// insurance fund would not cover (the LPs' share).
    pub marked_shortfall: u64,
    pub uncovered_shortfall: u64,
    pub insurance_gross: u64,
    pub insurance_covered: u64,
    pub lp_assets: u64,
    pub exit_lp_assets: u64,
    pub lp_supply: u64,
    pub share_price_wad: String,
    pub exit_share_price_wad: String,
    pub insurance_total_shares: u64,
    pub insurance_share_price_wad: String,
}

/// The validated spot prices for `pos` at `now`, read from the oracle accounts of the flags
/// (as the program would: a stale or wrong-feed price is an error here).
pub(super) fn position_prices(
    client: &Client,
    pool: &Pool,
    pos: &Position,
    oracles: &OracleArgs,
    now: i64,
) -> Result<Prices> {
    let (base, _) = oracles_for(pool, pos, oracles)?;
    let read = |k: &Pubkey| -> Result<_> {
        let d = client
            .account_data(k)?
            .with_context(|| format!("oracle {k} does not exist"))?;
        decode_price_update(&d).with_context(|| format!("oracle {k}"))
    };
    let base_update = read(&base)?;
    let held = pool.priced_slots(pos);
    let mut updates = vec![None; pool.num_collaterals as usize];
    for &slot in &held {
        updates[slot] = Some(read(&oracles.oracles[slot])?);
    }
    let m = prices::from_updates(pool, now, Some(&base_update), &updates, PriceMode::Spot);
    m.base.context("base price stale or invalid")?;
    if let Some(slot) = held.into_iter().find(|&s| m.collateral[s].is_none()) {
        bail!("slot {slot} price stale or invalid");
    }
    Ok(m)
}

/// `preview_mark` on the decoded accounts: the pool accrued to the cluster's clock, the
/// position re-marked at spot, then the exit prices.
pub fn preview(client: &Client, key: &Pubkey, oracles: &OracleArgs) -> Result<ShortfallView> {
    let mut pos = client.position(key)?;
    let mut pool = client.pool(&pos.pool)?;
    let fund = client.insurance_fund(&pool.insurance_fund)?;
    let supply = client.mint_supply(&pool.lp_mint)?;
    let now = client.unix_time()?;
    pool.accrue_interest(now)?;
    let prices = position_prices(client, &pool, &pos, oracles, now)?;
    let (debt, shortfall, mark) = pool.preview_remark(&mut pos, &prices, now)?;
    let ledger = fund.balance()?;
    let insurance = pool.insurance_value(ledger)?;
    let (lp_assets, exit_lp_assets) = (pool.lp_assets()?, pool.exit_lp_assets(ledger)?);
    Ok(ShortfallView {
        position: key.to_string(),
        position_debt: debt,
        shortfall,
        mark,
        marked_shortfall: pool.marked_shortfall,
        uncovered_shortfall: pool.uncovered_shortfall(ledger)?,
        insurance_gross: insurance.gross,
        insurance_covered: insurance.covered,
        lp_assets,
        exit_lp_assets,
        lp_supply: supply,
        share_price_wad: share_price_wad_down(lp_assets, supply)?.to_string(),
        exit_share_price_wad: share_price_wad_down(exit_lp_assets, supply)?.to_string(),
        insurance_total_shares: fund.total_shares,
        insurance_share_price_wad: share_price_wad_down(insurance.net(), fund.total_shares)?
            .to_string(),
    })
}

pub(super) fn show(ctx: &Ctx, key: &Pubkey, oracles: &OracleArgs) -> Result<()> {
    let v = preview(&ctx.client, key, oracles)?;
    if ctx.json {
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let d = ctx
        .client
        .pool(&ctx.client.position(key)?.pool)?
        .base_decimals;
    let t = |x: u64| format_amount(x as u128, d);
    let price = |wad: &str| format_amount(wad.parse::<u128>().unwrap_or(0) / 1_000_000_000, 9);
    println!("position              {}", v.position);
    println!("debt                  {}", t(v.position_debt));
    println!(
        "shortfall now         {} (marked: {})",
        t(v.shortfall),
        t(v.mark)
    );
    println!(
        "pool marked shortfall {} with it re-marked; {} uncovered by insurance ({} of {})",
        t(v.marked_shortfall),
        t(v.uncovered_shortfall),
        t(v.insurance_covered),
        t(v.insurance_gross)
    );
    println!(
        "LP exit price         {} base per LP token ({} before marks; exit assets {} of {})",
        price(&v.exit_share_price_wad),
        price(&v.share_price_wad),
        t(v.exit_lp_assets),
        t(v.lp_assets)
    );
    println!(
        "insurance share price {} ({} shares)",
        price(&v.insurance_share_price_wad),
        v.insurance_total_shares
    );
    Ok(())
}

/// `position mark`: records the position's shortfall now (or releases its mark).
pub(super) fn mark(ctx: &Ctx, key: &Pubkey, oracles: &OracleArgs) -> Result<()> {
    let client = &ctx.client;
    let pos = client.position(key)?;
    let pool = client.pool(&pos.pool)?;
    let (base, accounts) = oracles_for(&pool, &pos, oracles)?;
    let marker = client.payer_key();
    let ix = ix::mark_shortfall(&pos.pool, key, &marker, &base, &accounts);
    let sig = client.send(&[ix], &[])?;
    let after = client.position(key)?.marked_shortfall;
    done(
        ctx,
        &format!(
            "position {key} marked: shortfall {}",
            format_amount(after as u128, pool.base_decimals)
        ),
        &sig,
    );
    Ok(())
}
