//! `pool show`: the pool's books as a `PoolView` (interest accrued to the cluster's clock),
//! marked shortfall and exit prices included, and how it prints.
use anchor_lang::prelude::Pubkey;
use anyhow::{Context, Result};
use lending_pool_client::{amount::format_amount, rpc::Client};
use lending_pool_sdk::{math::share_price_wad_down, PoolSnapshot};
use serde::{Deserialize, Serialize};

/// The pool's books as `pool show` prints them (integers; interest accrued to now).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PoolView {
    pub pool: String,
    pub base_mint: String,
    pub base_decimals: u8,
    pub status: String,
    pub pause_flags: u16,
    /// The circuit breaker has tripped (borrows and withdrawals against debt stopped).
    pub breaker_tripped: bool,
    /// Losses socialized within the breaker's rolling window ending now.
    pub breaker_window_losses: u64,
    pub cash: u64,
    pub total_debt: u64,
    pub lp_assets: u64,
    pub lp_supply: u64,
    /// WAD-scaled base units per LP unit (a string: it may exceed 2^53).
    pub share_price_wad: String,
    /// Σ position marks: what full liquidations of the marked positions would leave.
    pub marked_shortfall: u64,
    /// The part of it the insurance fund would not cover: LP exits are priced net of it.
    pub uncovered_shortfall: u64,
    /// `lp_assets − uncovered_shortfall`, and its price per LP unit (WAD, a string): what
    /// deposits, withdrawals and redemptions are priced at.
    pub exit_lp_assets: u64,
    pub exit_share_price_wad: String,
    pub utilization_bps: u64,
    pub borrow_rate_bps: u64,
    pub insurance_vault_ledger: u64,
    pub insurance_pending: u64,
    /// Insurance shares: all of them (cooldown included), the protocol's (never withdrawable),
    /// those in cooldown; their value per share (WAD, a string) net of the marks the fund
    /// would cover; the share epoch (bumped when a settlement empties the fund).
    pub insurance_total_shares: u64,
    pub insurance_protocol_shares: u64,
    pub insurance_cooldown_shares: u64,
    pub insurance_covered: u64,
    pub insurance_share_price_wad: String,
    pub insurance_share_epoch: u64,
    pub unstake_cooldown_secs: u64,
    pub total_insurance_paid: u64,
    pub total_socialized: u64,
    /// Base tokens `recapitalize` gave the LPs (the loss ledger's recovered side).
    pub total_recovered: u64,
    pub settlements: u64,
    pub collaterals: Vec<CollateralView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CollateralView {
    pub slot: u8,
    pub mint: String,
    pub decimals: u8,
    pub total_deposited: u64,
    pub ltv_bps: u16,
    pub liquidation_threshold_bps: u16,
    pub liquidation_bonus_bps: u16,
}

/// Reads the pool and projects its interest to the cluster's clock, as the next
/// instruction would see it.
pub fn pool_view(client: &Client, key: &Pubkey) -> Result<PoolView> {
    let pool = client.pool(key)?;
    let lp_supply = client.mint_supply(&pool.lp_mint)?;
    let (pool, books) =
        PoolSnapshot::accrued(&pool, lp_supply, client.unix_time()?).context("accrual")?;
    let fund = client.insurance_fund(&pool.insurance_fund)?;
    let ledger = fund.balance()?;
    let insurance = pool.insurance_value(ledger)?;
    let exit_lp_assets = pool.exit_lp_assets(ledger)?;
    Ok(PoolView {
        pool: key.to_string(),
        base_mint: pool.base_mint.to_string(),
        base_decimals: pool.base_decimals,
        status: if pool.status == 0 { "active" } else { "frozen" }.into(),
        pause_flags: pool.pause_flags,
        breaker_tripped: pool.pause_flags & lending_pool_sdk::constants::pause::BREAKER != 0,
        breaker_window_losses: pool.breaker_window_losses(client.unix_time()?)?,
        cash: books.cash,
        total_debt: books.total_debt,
        lp_assets: books.lp_assets,
        lp_supply,
        share_price_wad: books.share_price_wad.to_string(),
        marked_shortfall: pool.marked_shortfall,
        uncovered_shortfall: pool.uncovered_shortfall(ledger)?,
        exit_lp_assets,
        exit_share_price_wad: share_price_wad_down(exit_lp_assets, lp_supply)?.to_string(),
        utilization_bps: books.utilization_bps(),
        borrow_rate_bps: books.borrow_rate_bps(),
        insurance_vault_ledger: ledger,
        insurance_pending: pool.insurance_pending,
        insurance_total_shares: fund.total_shares,
        insurance_protocol_shares: fund.protocol_shares,
        insurance_cooldown_shares: fund.cooldown_shares,
        insurance_covered: insurance.covered,
        insurance_share_price_wad: share_price_wad_down(insurance.net(), fund.total_shares)?
            .to_string(),
        insurance_share_epoch: fund.share_epoch,
        unstake_cooldown_secs: pool.config.unstake_cooldown_secs,
        total_insurance_paid: pool.total_insurance_paid,
        total_socialized: pool.total_socialized,
        total_recovered: pool.total_recovered,
        settlements: pool.settlement_seq,
        collaterals: (0..pool.num_collaterals as usize)
            .map(|slot| {
                let c = &pool.collaterals[slot];
                CollateralView {
                    slot: slot as u8,
                    mint: c.mint.to_string(),
                    decimals: c.decimals,
                    total_deposited: c.total_deposited,
                    ltv_bps: c.ltv_bps,
                    liquidation_threshold_bps: c.liquidation_threshold_bps,
                    liquidation_bonus_bps: c.liquidation_bonus_bps,
                }
            })
            .collect(),
    })
}

/// `pool show`'s text: the status, the LPs' books, the insurance fund, then each
/// collateral slot.
pub(super) fn print_pool(v: &PoolView) {
    print_status(v);
    print_lp_books(v);
    print_insurance(v);
    for c in &v.collaterals {
        println!(
            "collateral slot {}     {} ({} decimals): {} deposited; LTV {} / threshold {} / bonus {} bps",
            c.slot,
            c.mint,
            c.decimals,
            format_amount(c.total_deposited as u128, c.decimals),
            c.ltv_bps,
            c.liquidation_threshold_bps,
            c.liquidation_bonus_bps
        );
    }
}

/// `x` base units as base tokens.
fn tokens(v: &PoolView, x: u64) -> String {
    format_amount(x as u128, v.base_decimals)
}

/// A WAD price (as a string) to 9 decimals.
fn price(wad: &str) -> String {
    format_amount(wad.parse::<u128>().unwrap_or(0) / 1_000_000_000, 9)
}

/// The pool, its base mint, its status and the circuit breaker's window.
fn print_status(v: &PoolView) {
    println!("pool                  {}", v.pool);
    println!(
        "base mint             {} ({} decimals)",
        v.base_mint, v.base_decimals
    );
    println!(
        "status                {} (pause flags {:#06x}{})",
        v.status,
        v.pause_flags,
        if v.breaker_tripped {
            ", circuit breaker tripped"
        } else {
            ""
        }
    );
    println!(
        "breaker window        {} socialized",
        tokens(v, v.breaker_window_losses)
    );
}

/// The LPs' side: cash, debt, LP assets and supply, the share prices, utilization and rate.
fn print_lp_books(v: &PoolView) {
    let t = |x: u64| tokens(v, x);
    println!("cash                  {}", t(v.cash));
    println!("total debt            {}", t(v.total_debt));
    println!("lp_assets             {}", t(v.lp_assets));
    println!(
        "LP supply             {}",
        format_amount(v.lp_supply as u128, v.base_decimals)
    );
    println!(
        "share price           {} base per LP token (WAD {})",
        price(&v.share_price_wad),
        v.share_price_wad
    );
    println!(
        "marked shortfall      {} ({} uncovered by insurance)",
        t(v.marked_shortfall),
        t(v.uncovered_shortfall)
    );
    println!(
        "exit share price      {} base per LP token (WAD {}; exit assets {})",
        price(&v.exit_share_price_wad),
        v.exit_share_price_wad,
        t(v.exit_lp_assets)
    );
    println!(
        "utilization           {:.2}%",
        v.utilization_bps as f64 / 100.0
    );
    println!(
        "borrow rate           {:.2}% a year",
        v.borrow_rate_bps as f64 / 100.0
    );
}

/// The insurance fund and its shares, and the loss ledger.
fn print_insurance(v: &PoolView) {
    let t = |x: u64| tokens(v, x);
    println!(
        "insurance fund        {} in the vault + {} pending",
        t(v.insurance_vault_ledger),
        t(v.insurance_pending)
    );
    println!(
        "insurance shares      {} ({} protocol, {} in cooldown, epoch {}); {} base per share net of {} covered marks",
        v.insurance_total_shares,
        v.insurance_protocol_shares,
        v.insurance_cooldown_shares,
        v.insurance_share_epoch,
        price(&v.insurance_share_price_wad),
        t(v.insurance_covered)
    );
    println!("unstake cooldown      {} s", v.unstake_cooldown_secs);
    println!(
        "bad debt              {} settlements: {} covered by insurance, {} socialized",
        v.settlements,
        t(v.total_insurance_paid),
        t(v.total_socialized)
    );
    println!("recapitalized         {}", t(v.total_recovered));
}
