//! The simulated liquidator's round, through the reference liquidator's decision library:
//! scan the positions at the oracle accounts' prices, decide and rank, then send what has
//! waited out the latency, up to the per-step capacity and what its inventory pays for.
//! While the bot is down it sends nothing and the work it misses is counted; when it is up
//! it also sweeps pending insurance on its schedule.
use super::Simulation;
use crate::metrics::Tally;
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{
    events::{BadDebtSettled, Liquidated},
    ix,
    state::{Pool, Position},
};
use lending_pool_strategy::{
    decide, scan::BotAccounts, Action, Decision, Market, RoundPlan, StrategyConfig,
};
use lending_pool_testkit::{Signer, TxOutcome};

impl Simulation<'_> {
    /// The liquidator's turn at `step`. Returns (liquidations, settlements).
    pub(super) async fn liquidator_round(&mut self, step: u32, now: i64) -> (u32, u32) {
        if self.s.liquidator_down(step) {
            // what the bot would have done: at most its capacity
            let missed = self.count_actions(now).await;
            self.tally.missed_outage +=
                missed.min(self.s.liquidator.capacity_per_step as usize) as u64;
            return (0, 0);
        }
        let done = self.liquidator_acts(step, now).await;
        let every = self.s.liquidator.sweep_every_steps;
        if every > 0 && step.is_multiple_of(every) {
            let ix = ix::sweep_insurance(&self.fx.addrs);
            let _ = self.bank.process(&[ix], &[]).await;
        }
        done
    }

    /// Actions the bot would take now (for steps it is down).
    async fn count_actions(&mut self, now: i64) -> usize {
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.oracle_market(&pool, now).await;
        let positions = self.positions().await;
        let cfg = &self.liquidator.cfg;
        RoundPlan::plan(&pool, &positions, &market, cfg, u64::MAX)
            .actions
            .len()
    }

    /// The reference liquidator's loop body: scan, decide with the library, act on what has
    /// waited out the latency, up to the capacity. Returns (liquidations, settlements).
    async fn liquidator_acts(&mut self, step: u32, now: i64) -> (u32, u32) {
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.oracle_market(&pool, now).await;
        let positions = self.positions().await;
        // the bot pays repayments and fees from what it holds (it sells seized collateral
        // off-chain; the simulation does not model that, so its inventory only shrinks)
        let balance = self.bank.token_balance(&self.liquidator.base).await;
        let cfg = self.liquidator.cfg;
        let mut round = RoundPlan::plan(&pool, &positions, &market, &cfg, balance);
        let actions = round.actions.clone();
        let stats = round.stats;
        self.tally.unprofitable_position_steps += stats.unprofitable as u64;
        // underwater positions whose whole-slot liquidations cost more than the bot holds
        self.tally.missed_inventory += stats.over_budget as u64;
        if stats.missing_price > 0 {
            self.tally.stale_price_position_steps +=
                self.blocked_by_stale_prices(&pool, &positions, &market, &cfg, now);
        }
        let seen = &mut self.liquidator.first_seen;
        seen.retain(|k, _| actions.iter().any(|a| a.position() == *k));
        for a in &actions {
            seen.entry(a.position()).or_insert(step);
        }
        let oracle_of_slot: Vec<Pubkey> = self.fx.collaterals.iter().map(|c| c.oracle).collect();
        let bot = BotAccounts {
            liquidator: self.liquidator.key.pubkey(),
            base: self.liquidator.base,
            base_oracle: self.fx.base_oracle,
            oracle_of_slot: &oracle_of_slot,
        };
        let (mut liquidations, mut settlements, mut sent) = (0u32, 0u32, 0u32);
        for a in &actions {
            let waited = step - self.liquidator.first_seen[&a.position()];
            if waited < self.s.liquidator.latency_steps {
                self.tally.waiting_latency += 1;
                continue;
            }
            if sent >= self.s.liquidator.capacity_per_step {
                self.tally.missed_capacity += 1;
                continue;
            }
            // planned against the balance at the start of the step
            if !round.reserve(a) {
                self.tally.missed_inventory += 1;
                continue;
            }
            sent += 1;
            let slot = match a {
                Action::Liquidate { plan, .. } => plan.slot as usize,
                Action::Settle { .. } => 0,
            };
            let ix = round.instruction(
                a,
                &self.fx.addrs,
                &pool,
                &bot,
                self.liquidator.collateral[slot],
            );
            let key = self.liquidator.key.insecure_clone();
            match self.bank.process(&[ix], &[&key]).await {
                Ok(out) => {
                    if let Action::Liquidate { plan, .. } = a {
                        self.tally.liquidator_profit_wad += plan.profit_wad;
                    }
                    let (l, s) = self.tally.record(&out);
                    liquidations += l;
                    settlements += s;
                }
                Err(_) => self.tally.bot_failures += 1,
            }
        }
        (liquidations, settlements)
    }

    /// Positions the bot cannot price from the oracle accounts (stale feed) that would be
    /// liquidatable at the market's true prices.
    fn blocked_by_stale_prices(
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
    fn record(&mut self, out: &TxOutcome) -> (u32, u32) {
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
