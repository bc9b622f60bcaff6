//! One scenario run on an in-process bank with the real SBF program: every deposit, borrow,
//! repayment, liquidation and settlement is a transaction the program processes.
use crate::{
    metrics::{Sample, Summary, Tally},
    prices::price_paths,
    scenario::Scenario,
};
use anchor_lang::prelude::Pubkey;
use lending_pool_harness::{Bank, Borrower, PoolFixture, Signer, TestKeypair, TxOutcome, User};
use lending_pool_liquidator::{
    decide, rank,
    scan::BotAccounts,
    strategy::{budget_for_balance, shortfall_wad, spot_health},
    Action, Decision, Market, StrategyConfig,
};
use lending_pool_sdk::{
    constants::WAD,
    events::{BadDebtSettled, Liquidated},
    ix,
    math::{borrow_rate_wad_up, utilization_wad_down, OraclePrice},
    oracle::{decode_price_update, PriceUpdateSpec},
    state::{CollateralParams, Pool, PoolConfig, Position},
};
use rand_chacha::{rand_core::SeedableRng, ChaCha8Rng};
use rand_distr::{Distribution, LogNormal, Uniform};
use std::collections::HashMap;

/// Prices are published with 8 decimals, like most Pyth feeds.
const PRICE_EXPO: i32 = -8;

fn to_price(p: f64) -> i64 {
    (p * 1e8).round().max(1.0) as i64
}

fn oracle_price(p: i64, now: i64) -> OraclePrice {
    OraclePrice {
        price: p,
        conf: p as u64 / 1_000,
        ema_price: p,
        expo: PRICE_EXPO,
        publish_time: now,
    }
}

struct SimBorrower {
    b: Borrower,
    slot: usize,
    /// Fraction of the borrow limit this borrower aims for.
    leverage: f64,
    defends: bool,
}

struct Liquidator {
    key: TestKeypair,
    base: Pubkey,
    collateral: Vec<Pubkey>,
    cfg: StrategyConfig,
    /// Step a position's action was first seen (latency is counted from here).
    first_seen: HashMap<Pubkey, u32>,
}

/// What a finished run leaves behind: the series, the summary, and the bank itself so
/// callers (tests) can read the final on-chain state.
pub struct RunResult {
    pub samples: Vec<Sample>,
    pub summary: Summary,
    pub bank: Bank,
    pub fixture: PoolFixture,
    pub positions: Vec<Pubkey>,
}

/// Called after every step with (step, steps).
pub type Progress<'a> = &'a (dyn Fn(u32, u32) + Sync);

pub struct Simulation<'a> {
    s: &'a Scenario,
    seed: u64,
    bank: Bank,
    fx: PoolFixture,
    paths: Vec<Vec<f64>>,
    rng: ChaCha8Rng,
    lps: Vec<User>,
    borrowers: Vec<SimBorrower>,
    liquidator: Liquidator,
    tally: Tally,
    samples: Vec<Sample>,
    t0: i64,
}

impl<'a> Simulation<'a> {
    /// Creates the pool, its collateral assets, the insurance fund, the LPs, the borrowers
    /// and the liquidator, all through real transactions.
    pub async fn setup(s: &'a Scenario, seed: u64) -> Result<Simulation<'a>, String> {
        let paths = price_paths(s, seed)?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4143_544f_5253);
        let mut bank = Bank::start().await;
        let config = pool_config(s);
        config
            .validate()
            .map_err(|e| format!("pool settings: {e}"))?;
        let decimals = s.pool.base_decimals.unwrap_or(6);
        let mut fx = PoolFixture::new(&mut bank, decimals, config).await;
        for (i, c) in s.collateral.iter().enumerate() {
            let params = CollateralParams {
                feed_id: [i as u8 + 1; 32],
                ltv_bps: c.ltv_bps,
                liquidation_threshold_bps: c.liquidation_threshold_bps,
                liquidation_bonus_bps: c.liquidation_bonus_bps,
                deposit_cap: u64::MAX,
            };
            params
                .validate(config.liquidation_fee_bps)
                .map_err(|e| format!("collateral {}: {e}", c.name))?;
            fx.add_collateral(&mut bank, c.decimals, to_price(c.price), params)
                .await;
        }
        let unit = 10f64.powi(decimals as i32);
        let tokens = |x: f64| (x * unit).round() as u64;

        if s.pool.insurance > 0.0 {
            let donor = fx.user(&mut bank, tokens(s.pool.insurance)).await;
            bank.ok(
                &[fx.fund_insurance_ix(&donor, tokens(s.pool.insurance))],
                &[&donor.key],
            )
            .await;
        }

        let lp_size =
            LogNormal::new(s.lps.median_deposit.ln(), s.lps.sigma).map_err(|e| e.to_string())?;
        let mut lps = vec![];
        for _ in 0..s.lps.count {
            let amount = tokens(lp_size.sample(&mut rng)).max(1);
            let u = fx.user(&mut bank, amount).await;
            bank.ok(&[fx.deposit_ix(&u, amount, 0)], &[&u.key]).await;
            lps.push(u);
        }

        let size = LogNormal::new(s.borrowers.median_collateral_value.ln(), s.borrowers.sigma)
            .map_err(|e| e.to_string())?;
        let leverage = Uniform::new_inclusive(s.borrowers.leverage_min, s.borrowers.leverage_max)
            .map_err(|e| e.to_string())?;
        let unit_interval = Uniform::new(0.0, 1.0).map_err(|e| e.to_string())?;
        let mut borrowers = vec![];
        let mut tally = Tally::default();
        for _ in 0..s.borrowers.count {
            let slot = (unit_interval.sample(&mut rng) * s.collateral.len() as f64) as usize;
            let slot = slot.min(s.collateral.len() - 1);
            let c = &s.collateral[slot];
            let value = size.sample(&mut rng);
            let amount = (value / c.price * 10f64.powi(c.decimals as i32)).round() as u64;
            let lev = leverage.sample(&mut rng);
            let defends = unit_interval.sample(&mut rng) < s.borrowers.defender_share;
            let mut holdings = vec![0u64; s.collateral.len()];
            holdings[slot] = amount.max(1);
            let b = fx.borrower(&mut bank, 0, &holdings).await;
            bank.ok(
                &[fx.deposit_collateral_ix(&b, slot as u8, amount.max(1))],
                &[&b.key],
            )
            .await;
            // borrow `lev` of the conservative limit (prices carry a 0.1% confidence band)
            let limit = value * c.ltv_bps as f64 / 10_000.0 * 0.996;
            let loan = tokens(limit * lev);
            if loan > 0 {
                let ix = fx.borrow_ix(&mut bank, &b, loan).await;
                let r = bank.process(&[ix], &[&b.key]).await;
                tally.borrows_failed += u64::from(r.is_err());
            }
            borrowers.push(SimBorrower {
                b,
                slot,
                leverage: lev,
                defends,
            });
        }

        let key = bank.keypair();
        let base = bank
            .create_token_account(&fx.addrs.base_mint, &key.pubkey())
            .await;
        let inventory = tokens(s.liquidator.inventory);
        if inventory > 0 {
            bank.mint_to(&fx.addrs.base_mint, &fx.mint_authority, &base, inventory)
                .await;
        }
        let mut collateral = vec![];
        for c in &fx.collaterals {
            collateral.push(bank.create_token_account(&c.mint, &key.pubkey()).await);
        }
        let liquidator = Liquidator {
            key,
            base,
            collateral,
            cfg: StrategyConfig {
                max_repay: inventory,
                min_profit_wad: (s.liquidator.min_profit.max(0.0) * WAD as f64) as u128,
                slippage_bps: 50,
            },
            first_seen: HashMap::new(),
        };
        let t0 = bank.now().await;
        let mut sim = Simulation {
            s,
            seed,
            bank,
            fx,
            paths,
            rng,
            lps,
            borrowers,
            liquidator,
            tally,
            samples: vec![],
            t0,
        };
        let first = sim.sample(0, 0, 0).await;
        sim.samples.push(first);
        Ok(sim)
    }

    /// Runs every step and returns the series, the summary and the bank.
    pub async fn run(mut self, progress: Option<Progress<'_>>) -> RunResult {
        for step in 1..=self.s.steps {
            self.step(step).await;
            if let Some(p) = progress {
                p(step, self.s.steps);
            }
        }
        let (ok, failed) = self.bank.transaction_counts();
        let summary = Summary::new(
            self.s,
            self.seed,
            &self.samples,
            &self.tally,
            ok,
            failed,
            &mut self.bank,
            &self.fx,
        )
        .await;
        let positions = self.borrowers.iter().map(|b| b.b.position).collect();
        RunResult {
            samples: self.samples,
            summary,
            bank: self.bank,
            fixture: self.fx,
            positions,
        }
    }

    async fn step(&mut self, step: u32) {
        self.bank.warp(self.s.step_secs as i64).await;
        let now = self.bank.now().await;
        self.publish_prices(step, now);
        let pool_key = self.fx.addrs.pool;
        let _ = self
            .bank
            .process(&[ix::accrue_interest(&pool_key)], &[])
            .await;
        self.borrowers_act(now).await;
        self.lps_act().await;
        // exposure after the move, before anyone liquidates: what the bot is up against
        let shortfall_before = self.measure_exposure(now).await;
        let (liquidations, settlements) = if self.s.liquidator_down(step) {
            // what the bot would have done: at most its capacity
            let missed = self.count_actions(now).await;
            self.tally.missed_outage +=
                missed.min(self.s.liquidator.capacity_per_step as usize) as u64;
            (0, 0)
        } else {
            self.liquidator_acts(step, now).await
        };
        let every = self.s.liquidator.sweep_every_steps;
        if every > 0 && step.is_multiple_of(every) && !self.s.liquidator_down(step) {
            let ix = ix::sweep_insurance(&self.fx.addrs);
            let _ = self.bank.process(&[ix], &[]).await;
        }
        let mut sample = self.sample(step, liquidations, settlements).await;
        sample.shortfall_before_liquidations = shortfall_before;
        self.samples.push(sample);
    }

    /// Σ shortfall at true prices (base units) before the liquidator acts; remembers every
    /// position that was underwater.
    async fn measure_exposure(&mut self, now: i64) -> u64 {
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.true_market(now);
        let scale = 10u128.pow(18 - pool.base_decimals as u32);
        let mut total = 0u128;
        for (key, pos) in self.positions().await {
            let s = shortfall_wad(&pool, &pos, &market).unwrap_or(0);
            if s > 0 {
                self.tally.ever_underwater.insert(key);
            }
            total += s;
        }
        (total / scale) as u64
    }

    fn true_price(&self, slot: usize, step: u32) -> i64 {
        to_price(self.paths[slot][step as usize])
    }

    fn publish_prices(&mut self, step: u32, now: i64) {
        self.bank.set_price(
            &self.fx.base_oracle,
            &PriceUpdateSpec::new(self.fx.base_feed, 100_000_000, PRICE_EXPO, now),
        );
        for (i, c) in self.s.collateral.iter().enumerate() {
            if self.s.feed_publishes(&c.name, step) {
                let fc = self.fx.collaterals[i];
                let p = self.true_price(i, step);
                self.bank.set_price(
                    &fc.oracle,
                    &PriceUpdateSpec::new(fc.feed, p, PRICE_EXPO, now),
                );
            }
        }
    }

    /// The market as everyone off-chain sees it (true prices, whatever the oracle shows).
    fn true_market(&self, now: i64) -> Market {
        let step = ((now - self.t0) / self.s.step_secs as i64) as u32;
        let mut m = Market {
            now,
            base: Some(oracle_price(100_000_000, now)),
            collateral: [None; 4],
        };
        for i in 0..self.s.collateral.len() {
            m.collateral[i] = Some(oracle_price(self.true_price(i, step), now));
        }
        m
    }

    /// The market as the program will see it: the oracle accounts' contents, validated.
    async fn oracle_market(&mut self, pool: &Pool, now: i64) -> Market {
        let base = self
            .bank
            .account_data(&self.fx.base_oracle)
            .await
            .and_then(|d| decode_price_update(&d).ok());
        let mut updates = vec![];
        for c in self.fx.collaterals.clone() {
            let u = self
                .bank
                .account_data(&c.oracle)
                .await
                .and_then(|d| decode_price_update(&d).ok());
            updates.push(u);
        }
        Market::from_updates(pool, now, base.as_ref(), &updates)
    }

    async fn positions(&mut self) -> Vec<(Pubkey, Position)> {
        let mut out = Vec::with_capacity(self.borrowers.len());
        for b in &self.borrowers {
            let pos = self.bank.position(&b.b.position).await;
            out.push((b.b.position, pos));
        }
        out
    }

    async fn borrowers_act(&mut self, now: i64) {
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.true_market(now);
        let unit = Uniform::new(0.0, 1.0).expect("unit interval");
        for i in 0..self.borrowers.len() {
            let roll = unit.sample(&mut self.rng);
            let b = &self.borrowers[i];
            let pos = self.bank.position(&b.b.position).await;
            let debt = pos.debt(pool.borrow_index.get()).unwrap_or(0);
            if debt == 0 || !pos.has_collateral() {
                continue;
            }
            let Some(h) = spot_health(&pool, &pos, &market) else {
                continue;
            };
            let health = h.health_wad as f64 / WAD as f64;
            let wallet = self.bank.token_balance(&b.b.base).await;
            let ix = if b.defends && health < self.s.borrowers.defend_health {
                // defend: pay back a quarter of the debt from the wallet
                let amount = (debt / 4).min(wallet);
                (amount > 0).then(|| self.fx.repay_ix(&b.b, amount))
            } else if roll < self.s.borrowers.activity_prob {
                let collateral_value = h.collateral_value as f64 / WAD as f64;
                let ltv = pool.collaterals[b.slot].ltv_bps as f64 / 10_000.0;
                let decimals = pool.base_decimals as i32;
                let target = collateral_value * ltv * 0.996 * b.leverage;
                let debt_value = h.debt_value as f64 / WAD as f64;
                if target > debt_value * 1.05 {
                    let more = ((target - debt_value) * 0.5 * 10f64.powi(decimals)) as u64;
                    let ix = self
                        .fx
                        .borrow_ix(&mut self.bank, &self.borrowers[i].b, more);
                    Some(ix.await)
                } else {
                    let amount = (debt / 10).min(wallet);
                    (amount > 0).then(|| self.fx.repay_ix(&self.borrowers[i].b, amount))
                }
            } else {
                None
            };
            if let Some(ix) = ix {
                let key = self.borrowers[i].b.key.insecure_clone();
                let defending =
                    self.borrowers[i].defends && health < self.s.borrowers.defend_health;
                let ok = self.bank.process(&[ix], &[&key]).await.is_ok();
                self.tally.defensive_repays += u64::from(ok && defending);
            }
        }
    }

    async fn lps_act(&mut self) {
        if self.s.lps.redeem_prob <= 0.0 {
            return;
        }
        let unit = Uniform::new(0.0, 1.0).expect("unit interval");
        for i in 0..self.lps.len() {
            if unit.sample(&mut self.rng) >= self.s.lps.redeem_prob {
                continue;
            }
            let fraction = 0.1 + 0.4 * unit.sample(&mut self.rng);
            let shares = self.bank.token_balance(&self.lps[i].lp).await;
            let amount = (shares as f64 * fraction) as u64;
            if amount == 0 {
                continue;
            }
            let ix = self.fx.redeem_ix(&self.lps[i], amount, 0);
            let key = self.lps[i].key.insecure_clone();
            match self.bank.process(&[ix], &[&key]).await {
                Ok(_) => self.tally.redemptions += 1,
                Err(_) => self.tally.redemptions_failed += 1,
            }
        }
    }

    /// Actions the bot would take now (for steps it is down).
    async fn count_actions(&mut self, now: i64) -> usize {
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.oracle_market(&pool, now).await;
        let positions = self.positions().await;
        rank(&pool, &positions, &market, &self.liquidator.cfg)
            .0
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
        let mut balance = self.bank.token_balance(&self.liquidator.base).await;
        let mut cfg = self.liquidator.cfg;
        cfg.max_repay = cfg
            .max_repay
            .min(budget_for_balance(balance, pool.config.liquidation_fee_bps));
        let (actions, stats) = rank(&pool, &positions, &market, &cfg);
        self.tally.unprofitable_position_steps += stats.unprofitable as u64;
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
        let by_key: HashMap<Pubkey, Position> = positions.into_iter().collect();
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
            if a.cost() > balance {
                self.tally.missed_inventory += 1;
                continue;
            }
            balance -= a.cost();
            sent += 1;
            let slot = match a {
                Action::Liquidate { plan, .. } => plan.slot as usize,
                Action::Settle { .. } => 0,
            };
            let ix = a.instruction(
                &self.fx.addrs,
                &pool,
                &by_key[&a.position()],
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
                    Decision::Liquidate(_) | Decision::Unprofitable { .. } | Decision::Blocked
                )
            })
            .count() as u64
    }

    async fn sample(&mut self, step: u32, liquidations: u32, settlements: u32) -> Sample {
        let now = self.t0 + step as i64 * self.s.step_secs as i64;
        let pool = self.fx.pool(&mut self.bank).await;
        let fund = self.fx.insurance(&mut self.bank).await;
        let lp_supply = self.bank.mint_supply(&self.fx.addrs.lp_mint).await;
        let market = self.true_market(now);
        let positions = self.positions().await;
        let scale = 10u128.pow(18 - pool.base_decimals as u32);
        let mut shortfall = 0u128;
        let mut liquidatable = 0u32;
        for (_, pos) in &positions {
            shortfall += shortfall_wad(&pool, pos, &market).unwrap_or(0);
            if spot_health(&pool, pos, &market).is_some_and(|h| h.is_liquidatable()) {
                liquidatable += 1;
            }
        }
        let total_debt = pool.total_debt().unwrap_or(0);
        let u = utilization_wad_down(pool.cash, total_debt).unwrap_or(0);
        let rate = borrow_rate_wad_up(&pool.config, u).unwrap_or(0);
        let bps = |w: u128| (w * 10_000 / WAD) as u32;
        Sample {
            step,
            hours: (step as u64 * self.s.step_secs as u64) as f64 / 3_600.0,
            prices: (0..self.s.collateral.len())
                .map(|i| self.paths[i][step as usize])
                .collect(),
            cash: pool.cash,
            total_debt,
            lp_assets: pool.lp_assets().unwrap_or(0),
            lp_supply,
            share_price_wad: pool.share_price_wad(lp_supply).unwrap_or(0),
            insurance_ledger: fund.balance().unwrap_or(0),
            insurance_pending: pool.insurance_pending,
            total_insurance_paid: pool.total_insurance_paid,
            total_socialized: pool.total_socialized,
            utilization_bps: bps(u),
            borrow_rate_bps: bps(rate),
            shortfall: (shortfall / scale) as u64,
            shortfall_before_liquidations: 0,
            liquidatable,
            liquidations,
            settlements,
        }
    }
}

/// The pool's config: `PoolConfig::example()` with the scenario's overrides and no caps.
pub fn pool_config(s: &Scenario) -> PoolConfig {
    let e = PoolConfig::example();
    let p = &s.pool;
    PoolConfig {
        deposit_cap: u64::MAX / 4,
        borrow_cap: u64::MAX / 4,
        base_rate_bps: p.base_rate_bps.unwrap_or(e.base_rate_bps),
        slope1_bps: p.slope1_bps.unwrap_or(e.slope1_bps),
        slope2_bps: p.slope2_bps.unwrap_or(e.slope2_bps),
        optimal_utilization_bps: p
            .optimal_utilization_bps
            .unwrap_or(e.optimal_utilization_bps),
        reserve_factor_bps: p.reserve_factor_bps.unwrap_or(e.reserve_factor_bps),
        liquidation_fee_bps: p.liquidation_fee_bps.unwrap_or(e.liquidation_fee_bps),
        oracle_max_conf_bps: e.oracle_max_conf_bps,
        breaker_threshold_bps: p.breaker_threshold_bps.unwrap_or(e.breaker_threshold_bps),
        oracle_max_age_secs: p.oracle_max_age_secs.unwrap_or(e.oracle_max_age_secs),
        breaker_window_secs: p.breaker_window_secs.unwrap_or(e.breaker_window_secs),
    }
}

/// Runs `s` with `seed` on a fresh bank.
pub async fn run(
    s: &Scenario,
    seed: u64,
    progress: Option<Progress<'_>>,
) -> Result<RunResult, String> {
    Ok(Simulation::setup(s, seed).await?.run(progress).await)
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
