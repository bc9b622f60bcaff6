//! Building a run: the bank, the pool and its collaterals, the insurance fund, the LPs, the
//! borrowers and the liquidators' accounts, all through real transactions and in a fixed
//! order (the actors' RNG is drawn from here first), and the collateral AMMs (off-chain).
use super::{
    market::to_price, pool_config, stakers::open_stakers, venues::open_venues, Liquidator,
    SimBorrower, Simulation,
};
use crate::{
    economics::BotStats,
    metrics::Tally,
    prices::price_paths,
    scenario::{Capital, LiquidatorSettings, Scenario},
};
use lending_pool_sdk::{constants::WAD, state::CollateralParams};
use lending_pool_strategy::StrategyConfig;
use lending_pool_testkit::{Bank, Borrower, PoolFixture, Signer, User};
use rand_chacha::{rand_core::SeedableRng, ChaCha8Rng};
use rand_distr::{Distribution, LogNormal, Uniform};
use std::collections::HashMap;

impl<'a> Simulation<'a> {
    /// Creates the pool, its collateral assets, the insurance fund, the LPs, the borrowers
    /// and the liquidators, all through real transactions; and the AMMs.
    pub async fn setup(s: &'a Scenario, seed: u64) -> Result<Simulation<'a>, String> {
        let paths = price_paths(s, seed)?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4143_544f_5253);
        let mut bank = Bank::start_svm().await;
        let fx = open_pool(s, &mut bank).await?;
        let tokens = Tokens {
            per_token: 10f64.powi(fx.decimals as i32),
        };
        fund_insurance(s, &mut bank, &fx, tokens).await;
        let (lps, lp_in) = open_lps(s, &mut bank, &fx, &mut rng, tokens).await?;
        let runner = Simulation::runner_flags(lps.len(), s.lps.runner_share);
        let (borrowers, tally) = open_borrowers(s, &mut bank, &fx, &mut rng, tokens).await?;
        let mut liquidators = vec![];
        for bot in s.bots() {
            liquidators.push(open_liquidator(s, bot, &mut bank, &fx, tokens).await);
        }
        let venues = open_venues(s, fx.decimals)?;
        let stakers = open_stakers(&s.staker, &mut bank, &fx, tokens.per_token).await;
        let t0 = bank.now().await;
        let mut sim = Simulation {
            s,
            seed,
            bank,
            fx,
            paths,
            rng,
            lps,
            lp_in,
            runner,
            visible: None,
            stakers,
            fund_income: vec![],
            borrowers,
            liquidators,
            venues,
            tally,
            samples: vec![],
            t0,
        };
        let first = sim.sample(0, 0, 0).await;
        sim.samples.push(first);
        Ok(sim)
    }
}

/// Whole base tokens (the scenario's amounts) to base units (the program's).
#[derive(Clone, Copy)]
struct Tokens {
    /// Base units per whole token: `10^decimals`.
    per_token: f64,
}

impl Tokens {
    fn units(self, tokens: f64) -> u64 {
        (tokens * self.per_token).round() as u64
    }
}

/// The pool with the scenario's settings and its collateral assets listed, each setting
/// checked by the program's own rules first.
async fn open_pool(s: &Scenario, bank: &mut Bank) -> Result<PoolFixture, String> {
    let config = pool_config(s);
    config
        .validate()
        .map_err(|e| format!("pool settings: {e}"))?;
    let decimals = s.pool.base_decimals.unwrap_or(6);
    let mut fx = PoolFixture::new(bank, decimals, config).await;
    for (slot, c) in s.collateral.iter().enumerate() {
        let params = CollateralParams {
            feed_id: [slot as u8 + 1; 32],
            ltv_bps: c.ltv_bps,
            liquidation_threshold_bps: c.liquidation_threshold_bps,
            liquidation_bonus_bps: c.liquidation_bonus_bps,
            deposit_cap: u64::MAX,
        };
        params
            .validate(config.liquidation_fee_bps)
            .map_err(|e| format!("collateral {}: {e}", c.name))?;
        fx.add_collateral(bank, c.decimals, to_price(c.price), params)
            .await;
    }
    Ok(fx)
}

/// The scenario's seed insurance, donated by a user of its own.
async fn fund_insurance(s: &Scenario, bank: &mut Bank, fx: &PoolFixture, tokens: Tokens) {
    if s.pool.insurance > 0.0 {
        let amount = tokens.units(s.pool.insurance);
        let donor = fx.user(bank, amount).await;
        bank.ok(&[fx.fund_insurance_ix(&donor, amount)], &[&donor.key])
            .await;
    }
}

/// The LPs, each depositing an amount drawn from the scenario's log-normal: (LPs, their
/// deposits).
async fn open_lps(
    s: &Scenario,
    bank: &mut Bank,
    fx: &PoolFixture,
    rng: &mut ChaCha8Rng,
    tokens: Tokens,
) -> Result<(Vec<User>, Vec<u64>), String> {
    let lp_size =
        LogNormal::new(s.lps.median_deposit.ln(), s.lps.sigma).map_err(|e| e.to_string())?;
    let (mut lps, mut lp_in) = (vec![], vec![]);
    for _ in 0..s.lps.count {
        let amount = tokens.units(lp_size.sample(rng)).max(1);
        let u = fx.user(bank, amount).await;
        bank.ok(&[fx.deposit_ix(&u, amount, 0)], &[&u.key]).await;
        lps.push(u);
        lp_in.push(amount);
    }
    Ok((lps, lp_in))
}

/// The borrowers: each one's collateral value, leverage and temper drawn in turn, its
/// collateral deposited and its first borrow sent (a failed borrow is counted in the tally).
async fn open_borrowers(
    s: &Scenario,
    bank: &mut Bank,
    fx: &PoolFixture,
    rng: &mut ChaCha8Rng,
    tokens: Tokens,
) -> Result<(Vec<SimBorrower>, Tally), String> {
    let size = LogNormal::new(s.borrowers.median_collateral_value.ln(), s.borrowers.sigma)
        .map_err(|e| e.to_string())?;
    let leverage = Uniform::new_inclusive(s.borrowers.leverage_min, s.borrowers.leverage_max)
        .map_err(|e| e.to_string())?;
    let unit_interval = Uniform::new(0.0, 1.0).map_err(|e| e.to_string())?;
    let mut borrowers = vec![];
    let mut tally = Tally::default();
    for _ in 0..s.borrowers.count {
        let slot = (unit_interval.sample(rng) * s.collateral.len() as f64) as usize;
        let slot = slot.min(s.collateral.len() - 1);
        let value = size.sample(rng);
        let lev = leverage.sample(rng);
        let defends = unit_interval.sample(rng) < s.borrowers.defender_share;
        let (holdings, limit) = draw_holdings(s, slot, value, rng)?;
        let (b, borrowed) = open_borrower(bank, fx, &holdings, tokens.units(limit * lev)).await;
        tally.borrows_failed += u64::from(!borrowed);
        borrowers.push(SimBorrower {
            b,
            leverage: lev,
            defends,
        });
    }
    Ok((borrowers, tally))
}

/// A borrower holding `holdings` (units per slot) who borrows `loan`: the borrower, and
/// false when its borrow failed.
async fn open_borrower(
    bank: &mut Bank,
    fx: &PoolFixture,
    holdings: &[u64],
    loan: u64,
) -> (Borrower, bool) {
    let b = fx.borrower(bank, 0, holdings).await;
    let deposits: Vec<_> = (0..holdings.len())
        .filter(|&i| holdings[i] > 0)
        .map(|i| fx.deposit_collateral_ix(&b, i as u8, holdings[i]))
        .collect();
    bank.ok(&deposits, &[&b.key]).await;
    let mut borrowed = true;
    if loan > 0 {
        let ix = fx.borrow_ix(bank, &b, loan).await;
        borrowed = bank.process(&[ix], &[&b.key]).await.is_ok();
    }
    (b, borrowed)
}
/// A borrower's collateral (units per slot) worth `value` at the start, and its borrow
/// limit: all in `first` unless the scenario spreads it over several assets (their shares
/// drawn at random) or adds dust; a scenario that does neither draws nothing here.
fn draw_holdings(
    s: &Scenario,
    first: usize,
    value: f64,
    rng: &mut ChaCha8Rng,
) -> Result<(Vec<u64>, f64), String> {
    let b = &s.borrowers;
    let unit = Uniform::new(0.0, 1.0).map_err(|e| e.to_string())?;
    // one of `from`, drawn at random and taken out of it
    let pick = |from: &mut Vec<usize>, rng: &mut ChaCha8Rng| {
        let i = (unit.sample(rng) * from.len() as f64) as usize;
        from.remove(i.min(from.len() - 1))
    };
    let mut free: Vec<usize> = (0..s.collateral.len()).filter(|&i| i != first).collect();
    let mut slots = vec![first];
    if b.assets_max > 1 {
        let n = Uniform::new_inclusive(b.assets_min, b.assets_max)
            .map_err(|e| e.to_string())?
            .sample(rng);
        while slots.len() < n {
            slots.push(pick(&mut free, rng));
        }
    }
    let dust = (b.dust_share > 0.0 && unit.sample(rng) < b.dust_share && !free.is_empty())
        .then(|| pick(&mut free, rng));
    // shares of the value: the first asset's is 1 alone, otherwise each in [0.25, 1)
    let weights: Vec<f64> = if slots.len() == 1 {
        vec![1.0]
    } else {
        slots
            .iter()
            .map(|_| 0.25 + 0.75 * unit.sample(rng))
            .collect()
    };
    let total: f64 = weights.iter().sum();
    let mut held = vec![0u64; s.collateral.len()];
    let mut limit = 0.0;
    for (&slot, w) in slots.iter().zip(&weights) {
        let c = &s.collateral[slot];
        let v = value * w / total;
        let units = (v / c.price * 10f64.powi(c.decimals as i32)).round();
        if units >= u64::MAX as f64 {
            return Err(format!(
                "collateral {}: {v:.0} of it is more units than a u64 holds",
                c.name
            ));
        }
        held[slot] = (units as u64).max(1);
        // the conservative limit: prices carry a 0.1% confidence band
        limit += v * c.ltv_bps as f64 / 10_000.0 * 0.996;
    }
    if let Some(slot) = dust {
        held[slot] = 1;
    }
    Ok((held, limit))
}

/// A liquidator's key, its base account holding its inventory (none for a flash-loan bot)
/// and a token account for each collateral slot. Its strategy repays at most what it
/// holds; with AMMs its minimum profit is checked at their quotes instead of by the library.
async fn open_liquidator(
    s: &Scenario,
    settings: LiquidatorSettings,
    bank: &mut Bank,
    fx: &PoolFixture,
    tokens: Tokens,
) -> Liquidator {
    let inventory = tokens.units(settings.inventory());
    let key = bank.keypair();
    let base = bank
        .create_token_account(&fx.addrs.base_mint, &key.pubkey())
        .await;
    if inventory > 0 {
        bank.mint_to(&fx.addrs.base_mint, &fx.mint_authority, &base, inventory)
            .await;
    }
    let mut collateral = vec![];
    for c in &fx.collaterals {
        collateral.push(bank.create_token_account(&c.mint, &key.pubkey()).await);
    }
    let min_profit = settings.min_profit.max(0.0);
    let library_min = if s.amm.is_empty() { min_profit } else { 0.0 };
    let stats = BotStats {
        name: settings.name.clone().unwrap_or_default(),
        capital: settings.capital,
        latency_steps: settings.latency_steps,
        capacity_per_step: settings.capacity_per_step,
        inventory_start: inventory,
        ..BotStats::default()
    };
    Liquidator {
        key,
        base,
        collateral,
        cfg: StrategyConfig {
            // a flash loan is capped by the pool (`capital_budget`), not here
            max_repay: match settings.capital {
                Capital::Inventory => inventory,
                Capital::Flash => u64::MAX,
            },
            min_profit_wad: (library_min * WAD as f64) as u128,
            slippage_bps: 50,
        },
        first_seen: HashMap::new(),
        min_profit_units: tokens.units(min_profit) as i128,
        settings,
        stats,
    }
}
