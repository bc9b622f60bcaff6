//! One scenario run on an in-process bank with the real SBF program: every deposit, borrow,
//! repayment, liquidation and settlement is a transaction the program processes.
//!
//! This file holds the run's state and its step loop; each concern the loop calls into lives
//! in a file of its own, as another `impl Simulation` block:
//!
//! - `setup`: the bank, the pool and its collaterals, the insurance fund, LPs, borrowers and
//!   the liquidators' accounts;
//! - `market`: the true price paths, what the oracles publish, and the two markets actors
//!   price at (true prices, and the oracle accounts as the program sees them);
//! - `venues`: the collateral AMMs liquidators sell into, and the arbitrage on them;
//! - `agents`: what borrowers (including defenders) and LPs do each step;
//! - `liquidator`: the liquidators' round (each bot in latency order, its outages) and the
//!   insurance sweep; `bot`: one bot's turn (scan, decide, send) with its latency, capacity
//!   and capital; `amm_pricing`: its profit check at the AMM's quote; `capital`: the
//!   transactions its capital mode sends (flash loans, the sale into the AMM) and what they
//!   did;
//! - `keeper`: the marking keeper (when the scenario marks);
//! - `signals`: what LPs and stakers see (a loss in view, price falls), and when the loss
//!   became visible;
//! - `stakers`: the insurance stakers; `runners`: the LPs who run, and every LP's result;
//! - `observe`: reading the positions and sampling the books into metrics.
use crate::{
    economics::BotStats,
    loss_share::LossShare,
    metrics::{Sample, Summary, Tally},
    scenario::{LiquidatorSettings, Scenario},
};
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{ix, state::PoolConfig};
use lending_pool_strategy::StrategyConfig;
use lending_pool_testkit::{Bank, Borrower, PoolFixture, TestKeypair, User};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

mod agents;
mod amm_pricing;
mod bot;
mod capital;
mod keeper;
mod liquidator;
mod market;
mod observe;
mod recovery;
mod runners;
mod setup;
mod signals;
mod stakers;
mod venues;

struct SimBorrower {
    b: Borrower,
    /// Fraction of the borrow limit this borrower aims for.
    leverage: f64,
    defends: bool,
}

struct Liquidator {
    settings: LiquidatorSettings,
    key: TestKeypair,
    base: Pubkey,
    /// The bot's token account for each collateral slot, in slot order.
    collateral: Vec<Pubkey>,
    cfg: StrategyConfig,
    /// Step a position's action was first seen (latency is counted from here).
    first_seen: HashMap<Pubkey, u32>,
    /// The least profit it acts for at the AMM's quote (base units).
    min_profit_units: i128,
    stats: BotStats,
}

/// What a finished run leaves behind: the series, the summary, and the bank itself so
/// callers (tests) can read the final on-chain state.
pub struct RunResult {
    pub samples: Vec<Sample>,
    pub summary: Summary,
    pub bank: Bank,
    pub fixture: PoolFixture,
    pub positions: Vec<Pubkey>,
    /// Each liquidator bot's base-token account, in the scenario's order.
    pub liquidator_bases: Vec<Pubkey>,
}

/// Called after every step with (step, steps).
pub type Progress<'a> = &'a (dyn Fn(u32, u32) + Sync);

pub struct Simulation<'a> {
    s: &'a Scenario,
    seed: u64,
    bank: Bank,
    fx: PoolFixture,
    /// True price of each collateral slot at each step (`paths[slot][step]`).
    paths: Vec<Vec<f64>>,
    rng: ChaCha8Rng,
    lps: Vec<User>,
    /// Each LP's deposit, and whether it runs.
    lp_in: Vec<u64>,
    runner: Vec<bool>,
    /// The step the loss became visible, and which LPs held shares then.
    visible: Option<(u32, Vec<bool>)>,
    stakers: Vec<stakers::SimStaker>,
    /// The insurance fund's cumulative income at each step the stakers looked.
    fund_income: Vec<u64>,
    borrowers: Vec<SimBorrower>,
    liquidators: Vec<Liquidator>,
    /// The collateral AMMs by slot (none: the bots keep what they seize).
    venues: Vec<venues::Venue>,
    tally: Tally,
    samples: Vec<Sample>,
    t0: i64,
}

impl<'a> Simulation<'a> {
    /// Runs every step and returns the series, the summary and the bank.
    pub async fn run(mut self, progress: Option<Progress<'_>>) -> RunResult {
        for step in 1..=self.s.steps {
            self.step(step).await;
            if let Some(p) = progress {
                p(step, self.s.steps);
            }
        }
        let end = self.t0 + self.s.duration_secs() as i64;
        let underwater = self.underwater_unsettled(end).await;
        let loss = self.loss_share(end).await;
        let economics = self.economics().await;
        let (ok, failed) = self.bank.transaction_counts();
        let mut summary = Summary::new(
            self.s,
            self.seed,
            &self.samples,
            &self.tally,
            (ok, failed),
            underwater,
            loss,
            &mut self.bank,
            &self.fx,
        )
        .await;
        summary.economics = economics;
        let positions = self.borrowers.iter().map(|b| b.b.position).collect();
        let liquidator_bases = self.liquidators.iter().map(|l| l.base).collect();
        RunResult {
            samples: self.samples,
            summary,
            bank: self.bank,
            fixture: self.fx,
            positions,
            liquidator_bases,
        }
    }

    /// "Who bore the loss" at `end`: the LP groups, the stakers and the fund's path.
    async fn loss_share(&mut self, end: i64) -> LossShare {
        let (ran, stayed) = self.lp_groups().await;
        let stakers = self.staker_book(end).await;
        let fund = self.samples.iter().map(Sample::insurance);
        LossShare {
            marking: self.s.marking,
            exit_delay_secs: pool_config(self.s).exit_delay_secs,
            visible_step: self.visible.as_ref().map(|v| v.0),
            ran,
            stayed,
            stakers,
            fund_start: self.samples[0].insurance(),
            fund_min: fund.min().unwrap_or(0),
            fund_end: self.samples.last().map_or(0, Sample::insurance),
            marks: self.tally.marks,
            marks_failed: self.tally.marks_failed,
            runs: self.tally.runs,
            runs_failed: self.tally.runs_failed,
            stakers_failed: self.tally.staker_failures,
            staker_lapses: self.tally.staker_lapses,
            recovery: self.tally.recovery,
        }
    }

    /// One step: time passes, prices move (and arbitrage follows them on the AMMs),
    /// interest accrues, borrowers act, the keeper marks, stakers and LPs act on what they
    /// see, the exposure is measured, the liquidators take their round, and the books are
    /// sampled.
    async fn step(&mut self, step: u32) {
        self.bank.warp(self.s.step_secs as i64).await;
        let now = self.bank.now().await;
        self.publish_prices(step, now);
        self.arbitrage(step);
        let pool_key = self.fx.addrs.pool;
        let _ = self
            .bank
            .process(&[ix::accrue_interest(&pool_key)], &[])
            .await;
        self.borrowers_act(now).await;
        self.keeper_marks(now).await;
        let sig = self.signals(step, now).await;
        self.stakers_act(now, &sig).await;
        self.runners_act(&sig).await;
        self.lps_act().await;
        // exposure after the move, before anyone liquidates: what the bot is up against
        let shortfall_before = self.measure_exposure(now).await;
        let (liquidations, settlements) = self.liquidators_round(step, now).await;
        self.recover(step).await;
        let mut sample = self.sample(step, liquidations, settlements).await;
        sample.shortfall_before_liquidations = shortfall_before;
        self.samples.push(sample);
    }
}

/// The pool's config: `PoolConfig::example()` with the scenario's overrides and no caps.
pub fn pool_config(s: &Scenario) -> PoolConfig {
    let uncapped = PoolConfig {
        deposit_cap: u64::MAX / 4,
        borrow_cap: u64::MAX / 4,
        ..PoolConfig::example()
    };
    s.pool.config.apply(uncapped)
}

/// Runs `s` with `seed` on a fresh bank.
pub async fn run(
    s: &Scenario,
    seed: u64,
    progress: Option<Progress<'_>>,
) -> Result<RunResult, String> {
    Ok(Simulation::setup(s, seed).await?.run(progress).await)
}
