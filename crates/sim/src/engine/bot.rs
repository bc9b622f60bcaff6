//! One liquidator bot's turn, through the reference liquidator's decision library: scan the
//! positions at the oracle accounts' prices, decide and rank with repayments sized to its
//! capital, then send what has waited out its latency, up to its per-step capacity, what
//! its capital pays for and (with AMMs) what the AMM's quote pays for.
use super::Simulation;
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::state::{Pool, Position};
use lending_pool_strategy::{scan::BotAccounts, scan::ScanStats, Action, Market, RoundPlan};
use lending_pool_testkit::Signer;

use crate::scenario::Capital;

/// What the bot priced its turn at: the pool, the oracle market and the positions.
pub(super) struct View<'v> {
    pub(super) pool: &'v Pool,
    pub(super) market: &'v Market,
    pub(super) positions: &'v [(Pubkey, Position)],
}

/// What one bot's turn has done so far.
pub(super) struct Turn {
    pub(super) step: u32,
    sent: u32,
    liquidations: u32,
    settlements: u32,
    /// Collateral seized this turn and not sold yet, by slot (an inventory bot with AMMs
    /// sells it at the end of its turn).
    pub(super) pending: Vec<u64>,
}

impl Simulation<'_> {
    /// Bot `i`'s turn at `step`. Returns (liquidations, settlements).
    pub(super) async fn bot_acts(&mut self, i: usize, step: u32, now: i64) -> (u32, u32) {
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.oracle_market(&pool, now).await;
        let positions = self.positions().await;
        let budget = self.capital_budget(i, &pool).await;
        let cfg = self.liquidators[i].cfg;
        let mut round = RoundPlan::plan(&pool, &positions, &market, &cfg, budget);
        let actions = round.actions.clone();
        let view = View {
            pool: &pool,
            market: &market,
            positions: &positions,
        };
        self.count_scan(i, &round.stats, &view);
        let seen = &mut self.liquidators[i].first_seen;
        seen.retain(|k, _| actions.iter().any(|a| a.position() == *k));
        for a in &actions {
            seen.entry(a.position()).or_insert(step);
        }
        let mut turn = Turn {
            step,
            sent: 0,
            liquidations: 0,
            settlements: 0,
            pending: vec![0; self.s.collateral.len()],
        };
        for a in &actions {
            if let Some(a) = self.admit(i, a, &mut round, &view, &mut turn) {
                self.send(i, &round, &a, &view, &mut turn).await;
            }
        }
        let pending = std::mem::take(&mut turn.pending);
        self.sell_seized(i, &pending, step).await;
        (turn.liquidations, turn.settlements)
    }

    /// What the scan found that bot `i` lets go: positions unprofitable at the oracle price,
    /// underwater ones beyond its capital, and those a stale on-chain price hides.
    fn count_scan(&mut self, i: usize, stats: &ScanStats, v: &View<'_>) {
        self.tally.unprofitable_position_steps += stats.unprofitable as u64;
        // underwater positions whose whole-slot liquidations cost more than its capital
        self.tally.missed_inventory += stats.over_budget as u64;
        let bot = &mut self.liquidators[i];
        bot.stats.missed_unprofitable += stats.unprofitable as u64;
        bot.stats.missed_capital += stats.over_budget as u64;
        if stats.missing_price > 0 {
            let cfg = bot.cfg;
            let now = v.market.now;
            self.tally.stale_price_position_steps +=
                self.blocked_by_stale_prices(v.pool, v.positions, v.market, &cfg, now);
        }
    }

    /// Action `a` as bot `i` sends it now, or `None` (counted) while it waits out its
    /// latency, is over its capacity, finds it unprofitable at the AMM or cannot pay for it.
    fn admit(
        &mut self,
        i: usize,
        a: &Action,
        round: &mut RoundPlan,
        v: &View<'_>,
        turn: &mut Turn,
    ) -> Option<Action> {
        let bot = &self.liquidators[i];
        let waited = turn.step - bot.first_seen[&a.position()];
        if waited < bot.settings.latency_steps {
            self.tally.waiting_latency += 1;
            return None;
        }
        if turn.sent >= bot.settings.capacity_per_step {
            self.tally.missed_capacity += 1;
            self.liquidators[i].stats.missed_capacity += 1;
            return None;
        }
        let Some(a) = self.priced_at_amm(i, a, v, turn) else {
            self.tally.unprofitable_position_steps += 1;
            self.liquidators[i].stats.missed_unprofitable += 1;
            return None;
        };
        // an inventory bot planned against its balance at the start of the turn; a flash
        // loan is sized to each transaction
        let inventory = self.liquidators[i].settings.capital == Capital::Inventory;
        if inventory && !round.reserve(&a) {
            self.tally.missed_inventory += 1;
            self.liquidators[i].stats.missed_capital += 1;
            return None;
        }
        turn.sent += 1;
        Some(a)
    }

    /// Sends action `a` for bot `i` with its capital and books what it did.
    async fn send(
        &mut self,
        i: usize,
        round: &RoundPlan,
        a: &Action,
        v: &View<'_>,
        turn: &mut Turn,
    ) {
        let slot = match a {
            Action::Liquidate { plan, .. } => plan.slot as usize,
            Action::Settle { .. } => 0,
        };
        let oracle_of_slot: Vec<Pubkey> = self.fx.collaterals.iter().map(|c| c.oracle).collect();
        let bot = &self.liquidators[i];
        let accounts = BotAccounts {
            liquidator: bot.key.pubkey(),
            base: bot.base,
            base_oracle: self.fx.base_oracle,
            oracle_of_slot: &oracle_of_slot,
        };
        let ix = round.instruction(a, &self.fx.addrs, v.pool, &accounts, bot.collateral[slot]);
        let (ixs, sale) = self.with_capital(i, a, ix);
        let key = self.liquidators[i].key.insecure_clone();
        let authority = self.fx.mint_authority.insecure_clone();
        match self.bank.process(&ixs, &[&key, &authority]).await {
            Ok(out) => {
                if let Action::Liquidate { plan, .. } = a {
                    self.tally.liquidator_profit_wad += plan.profit_wad;
                }
                let (l, s) = self.tally.record(&out);
                turn.liquidations += l;
                turn.settlements += s;
                self.credit(i, &out, v.market, sale, turn);
            }
            Err(_) => {
                self.tally.bot_failures += 1;
                self.liquidators[i].stats.failures += 1;
            }
        }
    }
}
