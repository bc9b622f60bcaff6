//! What the LPs are exposed to, priced now: the live book under collateral price shocks
//! (−10%, −20%, −40%). Every position is valued at the shocked prices with the program's
//! own math: liquidatable when its health falls below one, and its shortfall is what a
//! full liquidation would leave unpaid (`Pool::shortfall_at`, the loss a mark recognises).
//! The shortfalls meet the loss waterfall: the insurance fund (its ledger and pending
//! interest) covers first, the LPs bear the rest. Computed on a schedule by the indexer
//! (`schedule`) and served at `GET /api/pools/{pool}/stress`.
use crate::{
    follow::Shared,
    positions::{read_priced, PoolOracles},
};
use anchor_lang::prelude::Pubkey;
use anyhow::{Context, Result};
use lending_pool_sdk::{
    accounts::decode_insurance_fund,
    constants::WAD,
    math::PriceMode,
    oracle::PriceUpdate,
    pda, prices,
    state::{Pool, Position},
};
use serde::Serialize;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use std::sync::Arc;
use std::time::Duration;

/// The shocks, in bps of every collateral's price.
pub const SHOCKS_BPS: [u32; 3] = [1_000, 2_000, 4_000];
const BPS: u128 = 10_000;

/// One shock's outcome. Amounts are base units as decimal strings (as everywhere in the API).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ShockRow {
    pub shock_bps: u32,
    pub positions_liquidatable: u64,
    /// Σ shortfalls at the shocked prices.
    pub bad_debt: String,
    /// What the insurance fund would pay of it, and that as bps of the bad debt.
    pub insurance_covers: String,
    pub coverage_bps: u64,
    /// What the LPs would bear, and that in bps of their assets (rounded up).
    pub lp_loss: String,
    pub lp_loss_bps: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StressView {
    pub snapshot_slot: u64,
    pub computed_at: i64,
    pub insurance_available: String,
    pub lp_assets: String,
    pub shocks: Vec<ShockRow>,
}

/// `update` with its price, EMA and confidence lowered by `shock_bps`, rounding down.
fn shocked(update: &PriceUpdate, shock_bps: u32) -> PriceUpdate {
    let keep = BPS - shock_bps as u128;
    let scale_i = |v: i64| (v as i128 * keep as i128 / BPS as i128) as i64;
    let scale_u = |v: u64| (v as u128 * keep / BPS) as u64;
    PriceUpdate {
        price: scale_i(update.price),
        ema_price: scale_i(update.ema_price),
        conf: scale_u(update.conf),
        ..*update
    }
}

/// The book under each of `shocks` (pure): `insurance` is the fund's ledger balance plus
/// the pool's pending insurance.
pub fn stress(
    pool: &Pool,
    positions: &[(Pubkey, Position)],
    now: i64,
    base: Option<&PriceUpdate>,
    collateral: &[Option<PriceUpdate>],
    insurance: u64,
    shocks: &[u32],
) -> Result<Vec<ShockRow>> {
    let lp_assets = pool.lp_assets()? as u128;
    let mut rows = vec![];
    for &shock_bps in shocks {
        let moved: Vec<Option<PriceUpdate>> = collateral
            .iter()
            .map(|u| u.as_ref().map(|u| shocked(u, shock_bps)))
            .collect();
        let p = prices::from_updates(pool, now, base, &moved, PriceMode::Spot);
        let (mut liquidatable, mut bad_debt) = (0u64, 0u128);
        for (_, pos) in positions {
            if pos.debt(pool.borrow_index.get())? == 0 {
                continue;
            }
            let Ok(h) = pool.position_health(pos, &p, PriceMode::Spot) else {
                continue;
            };
            if h.health_wad < WAD {
                liquidatable += 1;
            }
            bad_debt += pool.shortfall_at(pos, &p).unwrap_or(0) as u128;
        }
        let covers = bad_debt.min(insurance as u128);
        let lp_loss = bad_debt - covers;
        rows.push(ShockRow {
            shock_bps,
            positions_liquidatable: liquidatable,
            bad_debt: bad_debt.to_string(),
            insurance_covers: covers.to_string(),
            // no loss is fully covered
            coverage_bps: (covers * BPS).checked_div(bad_debt).unwrap_or(BPS) as u64,
            lp_loss: lp_loss.to_string(),
            lp_loss_bps: if lp_assets == 0 {
                0
            } else {
                (lp_loss * BPS).div_ceil(lp_assets) as u64
            },
        });
    }
    Ok(rows)
}

/// Reads `pool`'s book at one slot (positions listed first, `positions::read_priced`) with
/// its insurance fund, and stresses it.
pub async fn stress_view(
    rpc: &RpcClient,
    pool_key: &Pubkey,
    oracles: &PoolOracles,
) -> Result<StressView> {
    let fund_key = pda::insurance_fund(pool_key);
    let b = read_priced(rpc, pool_key, oracles, &[fund_key]).await?;
    let fund = decode_insurance_fund(b.extra[0].as_deref().context("no insurance fund")?)?;
    let insurance = fund.balance()?.saturating_add(b.pool.insurance_pending);
    Ok(StressView {
        snapshot_slot: b.slot,
        computed_at: b.now,
        insurance_available: insurance.to_string(),
        lp_assets: b.pool.lp_assets()?.to_string(),
        shocks: stress(
            &b.pool,
            &b.positions,
            b.now,
            b.base.as_ref(),
            &b.collateral,
            insurance,
            &SHOCKS_BPS,
        )?,
    })
}

/// Every `every`, stresses each pool the indexer has oracles for and keeps the newest view.
pub async fn schedule(shared: Arc<Shared>, every: Duration) {
    loop {
        for (pool, oracles) in &shared.oracles {
            match stress_view(&shared.source.rpc, pool, oracles).await {
                Ok(view) => {
                    shared.stress.write().await.insert(*pool, view);
                }
                Err(e) => tracing::warn!(%pool, "stress of the live book failed: {e:#}"),
            }
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests;
