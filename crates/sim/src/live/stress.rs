//! The scenario's price path on the live book. Each collateral slot's live price moves as
//! the scenario's asset of the same index (modulo their number) moves, relative to its
//! start; the base asset keeps its live price. Every step the clock advances, the oracle
//! accounts are rewritten, and a liquidator holding the scenario's inventory plans with the
//! reference strategy and sends what the program accepts: liquidations, and settlements of
//! what they leave, through the real loss waterfall.
use super::{load, Snapshot};
use crate::{prices::price_paths, scenario::Scenario};
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{
    events::BadDebtSettled,
    oracle::{decode_price_update, PriceUpdateSpec},
    state::{Pool, Position},
    PoolAddresses,
};
use lending_pool_strategy::{scan::BotAccounts, Action, Market, RoundPlan, StrategyConfig};
use lending_pool_testkit::{Bank, Signer, TestKeypair as Keypair};

/// The book after one step.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveStep {
    pub step: u32,
    /// Each collateral slot's price relative to the snapshot's.
    pub moves: Vec<f64>,
    pub liquidations: u32,
    pub settlements: u32,
    pub share_price_wad: u128,
    pub total_debt: u64,
    /// Positions the strategy finds liquidatable or bankrupt after the step's actions.
    pub left: usize,
}

/// What the stress did to the book.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveOutcome {
    pub slot: u64,
    pub positions: usize,
    pub steps: Vec<LiveStep>,
    pub share_price_start_wad: u128,
    pub lp_assets_start: u64,
    pub insurance_start: u64,
    /// Sums over the settlements: the debt written off, what the insurance fund paid,
    /// what the LPs bore.
    pub bad_debt: u64,
    pub insurance_drawn: u64,
    pub socialized: u64,
}

impl LiveOutcome {
    /// The LPs' loss in bps of their assets at the snapshot.
    pub fn lp_loss_bps(&self) -> f64 {
        if self.lp_assets_start == 0 {
            return 0.0;
        }
        self.socialized as f64 * 10_000.0 / self.lp_assets_start as f64
    }
}

/// The liquidator of the stress: a key, its base account and one account per slot.
struct Bot {
    key: Keypair,
    base: Pubkey,
    collateral: Vec<Pubkey>,
}

/// Runs `s`'s price path (seed `seed`) on the book of `snap`.
pub async fn stress(snap: &Snapshot, s: &Scenario, seed: u64) -> Result<LiveOutcome, String> {
    let mut bank = Bank::start_svm().await;
    let pool_data = &snap
        .account(&snap.pool)
        .ok_or("the snapshot has no pool")?
        .data;
    let pool: Pool = lending_pool_sdk::accounts::decode_zero_copy(pool_data)
        .map_err(|e| format!("the snapshot's pool: {e:?}"))?;
    let authority = load(&mut bank, snap, &pool.base_mint);
    // the stress starts at the chain's clock: what accrues is the book's, not the run's
    let bank_now = bank.now().await;
    bank.warp(snap.unix_time - bank_now).await;
    let addrs = PoolAddresses::derive(&pool.base_mint, &pool.creator);
    let inventory: f64 = s
        .bots()
        .iter()
        .map(|b| b.inventory.unwrap_or(10_000_000.0))
        .sum();
    let bot = open_bot(&mut bank, &pool, &authority, inventory).await;
    let paths = price_paths(s, seed)?;
    let starts = live_prices(snap)?;
    let mut out = LiveOutcome {
        slot: snap.slot,
        positions: snap.positions.len(),
        steps: vec![],
        share_price_start_wad: share_price(&mut bank, &pool, &addrs).await,
        lp_assets_start: pool.lp_assets().map_err(|e| format!("{e:?}"))?,
        insurance_start: bank.token_balance(&addrs.insurance_vault).await,
        bad_debt: 0,
        insurance_drawn: 0,
        socialized: 0,
    };
    for step in 1..=s.steps {
        bank.warp(s.step_secs as i64).await;
        let now = bank.now().await;
        let moves: Vec<f64> = (0..snap.oracles.len())
            .map(|slot| {
                let path = &paths[slot % paths.len()];
                path[step as usize] / path[0]
            })
            .collect();
        post_prices(&mut bank, snap, &starts, &moves, now);
        let (liquidations, settlements, left) =
            round(&mut bank, snap, &addrs, &bot, now, &mut out).await;
        let pool: Pool = bank.pool(&snap.pool).await;
        out.steps.push(LiveStep {
            step,
            moves,
            liquidations,
            settlements,
            share_price_wad: share_price(&mut bank, &pool, &addrs).await,
            total_debt: pool.total_debt().unwrap_or(0),
            left,
        });
    }
    Ok(out)
}

async fn open_bot(bank: &mut Bank, pool: &Pool, authority: &Keypair, inventory: f64) -> Bot {
    let key = bank.keypair();
    bank.airdrop(&key.pubkey(), 100_000_000_000).await;
    let base = bank
        .create_token_account(&pool.base_mint, &key.pubkey())
        .await;
    let units = (inventory * 10f64.powi(pool.base_decimals as i32)) as u64;
    bank.mint_to(&pool.base_mint, authority, &base, units).await;
    let mut collateral = vec![];
    for c in &pool.collaterals[..pool.num_collaterals as usize] {
        collateral.push(bank.create_token_account(&c.mint, &key.pubkey()).await);
    }
    Bot {
        key,
        base,
        collateral,
    }
}

/// The LP share price (WAD) from the pool and the LP mint's supply.
async fn share_price(bank: &mut Bank, pool: &Pool, addrs: &PoolAddresses) -> u128 {
    let supply = bank.mint_supply(&addrs.lp_mint).await;
    pool.share_price_wad(supply).unwrap_or(0)
}

/// The snapshot's oracle prices: the base's, then each slot's.
fn live_prices(snap: &Snapshot) -> Result<Vec<lending_pool_sdk::oracle::PriceUpdate>, String> {
    std::iter::once(&snap.base_oracle)
        .chain(&snap.oracles)
        .map(|k| {
            let a = snap
                .account(k)
                .ok_or_else(|| format!("the oracle {k} is not on chain"))?;
            decode_price_update(&a.data).map_err(|e| format!("the oracle {k}: {e:?}"))
        })
        .collect()
}

/// Rewrites the oracle accounts at `now`: the base at its live price, each slot moved.
fn post_prices(
    bank: &mut Bank,
    snap: &Snapshot,
    starts: &[lending_pool_sdk::oracle::PriceUpdate],
    moves: &[f64],
    now: i64,
) {
    let keys = std::iter::once(&snap.base_oracle).chain(&snap.oracles);
    for (i, (key, start)) in keys.zip(starts).enumerate() {
        let factor = if i == 0 { 1.0 } else { moves[i - 1] };
        let price = ((start.price as f64) * factor).round().max(1.0) as i64;
        bank.set_price(
            key,
            &PriceUpdateSpec::new(start.feed_id, price, start.exponent, now),
        );
    }
}

/// One liquidator round at `now`: liquidations and settlements the program accepts, as the
/// inventory pays; returns (liquidations, settlements, positions still to clear).
async fn round(
    bank: &mut Bank,
    snap: &Snapshot,
    addrs: &PoolAddresses,
    bot: &Bot,
    now: i64,
    out: &mut LiveOutcome,
) -> (u32, u32, usize) {
    let (pool, positions, market) = read_book(bank, snap, now).await;
    let balance = bank.token_balance(&bot.base).await;
    let mut plan = RoundPlan::plan(
        &pool,
        &positions,
        &market,
        &StrategyConfig::default(),
        balance,
    );
    let accounts = BotAccounts {
        liquidator: bot.key.pubkey(),
        base: bot.base,
        base_oracle: snap.base_oracle,
        oracle_of_slot: &snap.oracles,
    };
    let (mut liquidations, mut settlements) = (0, 0);
    for action in plan.actions.clone() {
        if !plan.reserve(&action) {
            continue;
        }
        let receive = match &action {
            Action::Liquidate { plan, .. } => bot.collateral[plan.slot as usize],
            Action::Settle { .. } => bot.base,
        };
        let ix = plan.instruction(&action, addrs, &pool, &accounts, receive);
        let Ok(r) = bank.process(&[ix], &[&bot.key]).await else {
            continue;
        };
        match action {
            Action::Liquidate { .. } => liquidations += 1,
            Action::Settle { .. } => settlements += 1,
        }
        for e in r.events::<BadDebtSettled>() {
            out.bad_debt += e.debt;
            out.insurance_drawn += e.covered;
            out.socialized += e.socialized;
        }
    }
    let (pool, positions, market) = read_book(bank, snap, now).await;
    let after = RoundPlan::plan(
        &pool,
        &positions,
        &market,
        &StrategyConfig::default(),
        u64::MAX,
    );
    (
        liquidations,
        settlements,
        after.stats.liquidatable + after.stats.bankrupt,
    )
}

/// The pool, its open positions and the market at `now`, from the bank.
async fn read_book(
    bank: &mut Bank,
    snap: &Snapshot,
    now: i64,
) -> (Pool, Vec<(Pubkey, Position)>, Market) {
    let pool: Pool = bank.pool(&snap.pool).await;
    let mut positions = vec![];
    for k in &snap.positions {
        if bank.account_data(k).await.is_some() {
            positions.push((*k, bank.position(k).await));
        }
    }
    let base = bank
        .account_data(&snap.base_oracle)
        .await
        .and_then(|d| decode_price_update(&d).ok());
    let mut collateral = vec![];
    for k in &snap.oracles {
        collateral.push(
            bank.account_data(k)
                .await
                .and_then(|d| decode_price_update(&d).ok()),
        );
    }
    let market = Market::from_updates(&pool, now, base.as_ref(), &collateral);
    (pool, positions, market)
}
