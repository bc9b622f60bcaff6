//! What a run records: one `Sample` of the pool's books per step, counters of what the actors
//! did, and the `Summary` the report leads with. Book values are the program's integers.
use crate::{loss_share::LossShare, scenario::Scenario};
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{
    constants::{BPS, WAD},
    state::{InsuranceFund, Pool},
};
use lending_pool_testkit::{Bank, PoolFixture};
use std::collections::BTreeSet;

/// The pool after one step (base amounts in base units).
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub step: u32,
    pub hours: f64,
    /// True price of each collateral (quote units per whole token).
    pub prices: Vec<f64>,
    pub cash: u64,
    pub total_debt: u64,
    pub lp_assets: u64,
    pub lp_supply: u64,
    pub share_price_wad: u128,
    pub insurance_ledger: u64,
    pub insurance_pending: u64,
    /// The pool's marked shortfall and the part of it the fund would cover.
    pub marked_shortfall: u64,
    pub insurance_covered_marks: u64,
    pub total_insurance_paid: u64,
    pub total_socialized: u64,
    pub utilization_bps: u32,
    pub borrow_rate_bps: u32,
    /// Σ over positions of debt value minus collateral value where positive: the bad debt
    /// a settlement would realise now (base units, base at $1), after the step's actions.
    pub shortfall: u64,
    /// The same before the liquidator acted (after the price move and the other actors).
    pub shortfall_before_liquidations: u64,
    pub liquidatable: u32,
    pub liquidations: u32,
    pub settlements: u32,
}

impl Sample {
    pub fn insurance(&self) -> u64 {
        self.insurance_ledger + self.insurance_pending
    }
}

/// Counters kept while the run goes.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub liquidations: u64,
    pub settlements: u64,
    pub repaid: u128,
    pub fees: u128,
    pub settled_debt: u128,
    pub settled_covered: u128,
    pub settled_socialized: u128,
    /// (position, step) pairs where the bot had an action it did not take: over its
    /// per-step capacity, or while it was down. Waiting out the latency is counted apart.
    pub missed_capacity: u64,
    pub missed_outage: u64,
    /// Liquidations the bot could not pay for (repayment + fee above its balance, or an
    /// underwater position whose every whole-slot liquidation costs more than it holds).
    pub missed_inventory: u64,
    pub waiting_latency: u64,
    /// Σ planned profit of the liquidations that went through (WAD quote units).
    pub liquidator_profit_wad: i128,
    pub unprofitable_position_steps: u64,
    /// Liquidatable at true prices, but the on-chain price is stale (oracle outage).
    pub stale_price_position_steps: u64,
    pub bot_failures: u64,
    pub borrows_failed: u64,
    pub defensive_repays: u64,
    pub redemptions: u64,
    pub redemptions_failed: u64,
    pub marks: u64,
    pub marks_failed: u64,
    /// Runners' full redemptions done / failed (no cash).
    pub runs: u64,
    pub runs_failed: u64,
    pub staker_failures: u64,
    /// Unstake requests that lapsed unpaid (cancelled by their stakers).
    pub staker_lapses: u64,
    /// The pool's freeze and recovery, when the scenario has a donor.
    pub recovery: crate::loss_share::Recovery,
    pub ever_underwater: BTreeSet<Pubkey>,
}

/// The run's headline numbers; `final_*` are read from the chain after the last step.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub scenario: String,
    pub seed: u64,
    pub steps: u32,
    pub hours: f64,
    pub base_decimals: u8,
    pub lps: u32,
    pub borrowers: u32,
    pub transactions_ok: u64,
    pub transactions_failed: u64,
    pub liquidations: u64,
    pub liquidation_repaid: u128,
    pub liquidation_fees: u128,
    pub missed_position_steps: u64,
    pub missed_capacity: u64,
    pub missed_outage: u64,
    pub missed_inventory: u64,
    pub waiting_latency: u64,
    pub liquidator_profit_wad: i128,
    pub liquidator_failures: u64,
    pub unprofitable_position_steps: u64,
    pub stale_price_position_steps: u64,
    pub positions_underwater: u64,
    /// Positions underwater (or with debt and no collateral) at true prices after the last
    /// step: losses no liquidation or settlement has taken off the books.
    pub underwater_unsettled: u64,
    pub settlements: u64,
    pub bad_debt_settled: u128,
    pub insurance_covered: u128,
    pub socialized: u128,
    pub peak_shortfall: u64,
    /// The shortfall still outstanding at true prices after the last step (base units).
    pub outstanding_end: u64,
    pub insurance_start: u64,
    pub insurance_min: u64,
    /// Share of the insurance resources the run had (start + inflows = paid + left at the
    /// end) that went to bad debt: `paid / (paid + left)`.
    pub insurance_depletion_bps: u64,
    /// Fall from the start to the low point, in bps of the start.
    pub insurance_drawdown_bps: u64,
    pub lp_assets_start: u64,
    pub lp_loss_bps: u64,
    pub share_price_start_wad: u128,
    pub share_price_min_wad: u128,
    pub share_price_end_wad: u128,
    pub share_price_change_bps: i64,
    pub redemptions: u64,
    pub redemptions_failed: u64,
    pub final_cash: u64,
    pub final_total_debt: u64,
    pub final_lp_assets: u64,
    pub final_lp_supply: u64,
    pub final_insurance_ledger: u64,
    pub final_insurance_pending: u64,
    pub final_total_insurance_paid: u64,
    pub final_total_socialized: u64,
    pub final_base_vault: u64,
    pub final_insurance_vault: u64,
    pub final_frozen: bool,
    pub final_pause_flags: u16,
    pub loss: LossShare,
    /// The bots' and the AMMs' records, when the scenario sets liquidator economics.
    pub economics: Option<crate::economics::Economics>,
}

impl Summary {
    #[allow(clippy::too_many_arguments)]
    pub async fn new(
        s: &Scenario,
        seed: u64,
        samples: &[Sample],
        t: &Tally,
        (transactions_ok, transactions_failed): (u64, u64),
        underwater_unsettled: u64,
        loss: LossShare,
        bank: &mut Bank,
        fx: &PoolFixture,
    ) -> Self {
        let pool = fx.pool(bank).await;
        let fund = fx.insurance(bank).await;
        let first = &samples[0];
        let insurance_start = first.insurance();
        let insurance_min = samples.iter().map(Sample::insurance).min().unwrap_or(0);
        let share_price_end_wad = samples.last().map_or(0, |x| x.share_price_wad);
        let lp_supply = bank.mint_supply(&fx.addrs.lp_mint).await;
        Self {
            scenario: s.name.clone(),
            seed,
            steps: s.steps,
            hours: s.duration_secs() as f64 / 3_600.0,
            base_decimals: pool.base_decimals,
            lps: s.lps.count,
            borrowers: s.borrowers.count,
            transactions_ok,
            transactions_failed,
            liquidations: t.liquidations,
            liquidation_repaid: t.repaid,
            liquidation_fees: t.fees,
            missed_position_steps: t.missed_capacity + t.missed_outage + t.missed_inventory,
            missed_inventory: t.missed_inventory,
            missed_capacity: t.missed_capacity,
            missed_outage: t.missed_outage,
            waiting_latency: t.waiting_latency,
            liquidator_profit_wad: t.liquidator_profit_wad,
            liquidator_failures: t.bot_failures,
            unprofitable_position_steps: t.unprofitable_position_steps,
            stale_price_position_steps: t.stale_price_position_steps,
            positions_underwater: t.ever_underwater.len() as u64,
            underwater_unsettled,
            settlements: t.settlements,
            bad_debt_settled: t.settled_debt,
            insurance_covered: t.settled_covered,
            socialized: t.settled_socialized,
            peak_shortfall: peak_shortfall(samples),
            outstanding_end: samples.last().map_or(0, |x| x.shortfall),
            insurance_start,
            insurance_min,
            insurance_depletion_bps: insurance_depletion_bps(&pool, &fund),
            insurance_drawdown_bps: ratio_bps(
                insurance_start.saturating_sub(insurance_min) as u128,
                insurance_start as u128,
            ),
            lp_assets_start: first.lp_assets,
            lp_loss_bps: ratio_bps(pool.total_socialized as u128, first.lp_assets as u128),
            share_price_start_wad: first.share_price_wad,
            share_price_min_wad: samples.iter().map(|x| x.share_price_wad).min().unwrap_or(0),
            share_price_end_wad,
            share_price_change_bps: change_bps(first.share_price_wad, share_price_end_wad),
            redemptions: t.redemptions,
            redemptions_failed: t.redemptions_failed,
            final_cash: pool.cash,
            final_total_debt: pool.total_debt().unwrap_or(0),
            final_lp_assets: pool.lp_assets().unwrap_or(0),
            final_lp_supply: lp_supply,
            final_insurance_ledger: fund.balance().unwrap_or(0),
            final_insurance_pending: pool.insurance_pending,
            final_total_insurance_paid: pool.total_insurance_paid,
            final_total_socialized: pool.total_socialized,
            final_base_vault: bank.token_balance(&fx.addrs.base_vault).await,
            final_insurance_vault: bank.token_balance(&fx.addrs.insurance_vault).await,
            final_frozen: pool.status != 0,
            final_pause_flags: pool.pause_flags,
            loss,
            economics: None,
        }
    }
}

/// The largest shortfall of the run, before or after the liquidator acted in a step.
fn peak_shortfall(samples: &[Sample]) -> u64 {
    samples
        .iter()
        .map(|x| x.shortfall.max(x.shortfall_before_liquidations))
        .max()
        .unwrap_or(0)
}

/// What insurance paid, in bps of the resources it had: paid + left at the end (ledger and
/// pending).
fn insurance_depletion_bps(pool: &Pool, fund: &InsuranceFund) -> u64 {
    ratio_bps(
        pool.total_insurance_paid as u128,
        pool.total_insurance_paid as u128
            + fund.balance().unwrap_or(0) as u128
            + pool.insurance_pending as u128,
    )
}

/// `part / whole` in bps, rounded down; 0 when `whole` is 0.
pub fn ratio_bps(part: u128, whole: u128) -> u64 {
    if whole == 0 {
        return 0;
    }
    (part.saturating_mul(BPS as u128) / whole) as u64
}

/// Signed change from `a` to `b` in bps of `a`.
pub fn change_bps(a: u128, b: u128) -> i64 {
    if a == 0 {
        return 0;
    }
    let d = b as i128 - a as i128;
    (d * BPS as i128 / a as i128) as i64
}

/// A WAD ratio as a float (charts and human-readable columns only).
pub fn wad_f64(w: u128) -> f64 {
    w as f64 / WAD as f64
}
