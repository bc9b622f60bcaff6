//! The liquidators' round: every bot takes its turn (`bot`) in order of latency (the
//! fastest first, ties in the scenario's order), each planning against the chain as the
//! bots before it left it, so a position one of them liquidated to health is not
//! liquidated again. A bot that is down sends nothing and the work it misses is counted;
//! pending insurance is swept once a step when an up bot's schedule says so.
use super::Simulation;
use crate::{economics::Economics, metrics::Tally};
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{
    events::{BadDebtSettled, Liquidated},
    ix,
    state::{Pool, Position},
};
use lending_pool_strategy::{decide, Decision, Market, RoundPlan, StrategyConfig};
use lending_pool_testkit::TxOutcome;

impl Simulation<'_> {
    /// The liquidators' turns at `step`. Returns (liquidations, settlements).
    pub(super) async fn liquidators_round(&mut self, step: u32, now: i64) -> (u32, u32) {
        let mut order: Vec<usize> = (0..self.liquidators.len()).collect();
        order.sort_by_key(|&i| self.liquidators[i].settings.latency_steps);
        let (mut liquidations, mut settlements, mut sweep) = (0, 0, false);
        for i in order {
            let settings = &self.liquidators[i].settings;
            if settings.down(step) {
                self.count_outage(i, now).await;
                continue;
            }
            let every = settings.sweep_every_steps;
            sweep |= every > 0 && step.is_multiple_of(every);
            let (l, s) = self.bot_acts(i, step, now).await;
            liquidations += l;
            settlements += s;
        }
        if sweep {
            let ix = ix::sweep_insurance(&self.fx.addrs);
            let _ = self.bank.process(&[ix], &[]).await;
        }
        (liquidations, settlements)
    }

    /// What bot `i` would have done while down: at most its capacity.
    async fn count_outage(&mut self, i: usize, now: i64) {
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.oracle_market(&pool, now).await;
        let positions = self.positions().await;
        let bot = &mut self.liquidators[i];
        let actions = RoundPlan::plan(&pool, &positions, &market, &bot.cfg, u64::MAX)
            .actions
            .len();
        let missed = actions.min(bot.settings.capacity_per_step as usize) as u64;
        self.tally.missed_outage += missed;
        bot.stats.missed_outage += missed;
    }

    /// The bots' and the AMMs' records after the last step, when the scenario sets
    /// liquidator economics; what each bot still holds is valued at the true prices then.
    pub(super) async fn economics(&mut self) -> Option<Economics> {
        if !self.s.economics() {
            return None;
        }
        let last = self.s.steps as usize;
        let mut bots = vec![];
        for i in 0..self.liquidators.len() {
            let mut stats = self.liquidators[i].stats.clone();
            for slot in 0..self.s.collateral.len() {
                let account = self.liquidators[i].collateral[slot];
                let held = self.bank.token_balance(&account).await;
                let c = &self.s.collateral[slot];
                let price = self.paths[slot][last];
                stats.held_value +=
                    super::venues::value_units_down(held, c.decimals, price, self.fx.decimals);
            }
            bots.push(stats);
        }
        Some(Economics {
            bots,
            venues: self.venue_stats(),
            flash_fee_bps: super::pool_config(self.s).flash_fee_bps,
        })
    }

    /// Positions the bot cannot price from the oracle accounts (stale feed) that would be
    /// liquidatable at the market's true prices.
    pub(super) fn blocked_by_stale_prices(
        &self,
        pool: &Pool,
        positions: &[(Pubkey, Position)],
        oracle: &Market,
        cfg: &StrategyConfig,
        now: i64,
    ) -> u64 {
        let truth = self.true_market(now);
        positions
            .iter()
            .filter(|(_, pos)| decide(pool, pos, oracle, cfg) == Decision::MissingPrice)
            .filter(|(_, pos)| {
                matches!(
                    decide(pool, pos, &truth, cfg),
                    Decision::Liquidate(_)
                        | Decision::Unprofitable { .. }
                        | Decision::OverBudget { .. }
                        | Decision::Blocked
                )
            })
            .count() as u64
    }
}

impl Tally {
    /// Counts what a liquidator transaction did from its events.
    pub(super) fn record(&mut self, out: &TxOutcome) -> (u32, u32) {
        let l = out.events::<Liquidated>();
        let s = out.events::<BadDebtSettled>();
        for e in &l {
            self.liquidations += 1;
            self.repaid += e.repaid as u128;
            self.fees += e.fee as u128;
        }
        for e in &s {
            self.settlements += 1;
            self.settled_debt += e.debt as u128;
            self.settled_covered += e.covered as u128;
            self.settled_socialized += e.socialized as u128;
        }
        (l.len() as u32, s.len() as u32)
    }
}
