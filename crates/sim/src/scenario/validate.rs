//! What a scenario must hold for the simulator to run it, checked once at load.
use super::{Capital, PricePath, Scenario};

impl Scenario {
    /// Rejects what the simulator cannot run, with the offending field named.
    pub fn validate(&self) -> Result<(), String> {
        let fail = |m: &str| Err(m.to_string());
        if self.steps == 0 || self.step_secs == 0 {
            return fail("steps and step_secs must be positive");
        }
        if self.pool.base_decimals.is_some_and(|d| d > 18) {
            return fail("pool.base_decimals must be at most 18");
        }
        self.validate_market()?;
        self.validate_amms()?;
        self.validate_actors()?;
        self.validate_liquidators()
    }

    /// The collateral assets, their price paths, and the shocks and outages naming them.
    fn validate_market(&self) -> Result<(), String> {
        let fail = |m: &str| Err(m.to_string());
        if self.collateral.is_empty() || self.collateral.len() > 4 {
            return fail("between 1 and 4 [[collateral]] entries");
        }
        for c in &self.collateral {
            if !(c.price.is_finite() && c.price > 0.0) {
                return fail("collateral price must be positive");
            }
            if let PricePath::Gbm {
                volatility,
                jumps_per_day,
                jump_stdev,
                ..
            } = c.path
            {
                if volatility < 0.0 || jumps_per_day < 0.0 || jump_stdev < 0.0 {
                    return fail("volatility, jumps_per_day and jump_stdev must be >= 0");
                }
            }
        }
        let names: Vec<&str> = self.collateral.iter().map(|c| c.name.as_str()).collect();
        let known = |a: &Option<String>| a.as_deref().is_none_or(|a| names.contains(&a));
        if !self.shock.iter().all(|s| known(&s.asset)) {
            return fail("a shock names an unknown collateral");
        }
        if self.shock.iter().any(|s| s.total_return <= -1.0) {
            return fail("a shock's total_return must be above -1");
        }
        if !self.oracle.outages.iter().all(|o| known(&o.asset)) {
            return fail("an oracle outage names an unknown collateral");
        }
        self.validate_correlation()
    }

    /// `[market] correlation`: a correlation matrix over GBM paths.
    fn validate_correlation(&self) -> Result<(), String> {
        let Some(m) = &self.market.correlation else {
            return Ok(());
        };
        if let Some(c) = (self.collateral.iter()).find(|c| !matches!(c.path, PricePath::Gbm { .. }))
        {
            return Err(format!(
                "market.correlation: collateral {} replays a CSV; correlated paths are GBM",
                c.name
            ));
        }
        crate::correlation::validate(m, self.collateral.len())
    }

    /// The LPs', the borrowers' and the stakers' settings.
    fn validate_actors(&self) -> Result<(), String> {
        let fail = |m: &str| Err(m.to_string());
        let b = &self.borrowers;
        if !(0.0 < b.leverage_min && b.leverage_min <= b.leverage_max && b.leverage_max <= 1.0) {
            return fail("borrowers: 0 < leverage_min <= leverage_max <= 1");
        }
        if self.lps.count == 0 || self.lps.median_deposit <= 0.0 {
            return fail("lps: count and median_deposit must be positive");
        }
        if b.median_collateral_value <= 0.0 {
            return fail("borrowers: median_collateral_value must be positive");
        }
        if !(1 <= b.assets_min && b.assets_min <= b.assets_max)
            || b.assets_max > self.collateral.len()
        {
            return fail("borrowers: 1 <= assets_min <= assets_max <= the number of collaterals");
        }
        for p in [
            b.defender_share,
            b.activity_prob,
            b.dust_share,
            self.lps.redeem_prob,
            self.lps.runner_share,
            self.lps.run_on_drop,
        ] {
            if !(0.0..=1.0).contains(&p) {
                return fail("probabilities and shares must be within [0, 1]");
            }
        }
        for k in &self.staker {
            if !(k.deposit > 0.0 && k.min_apy >= 0.0 && k.yield_window_steps > 0) {
                return fail("staker: deposit and yield_window_steps positive, min_apy >= 0");
            }
            if !(0.0..=1.0).contains(&k.unstake_on_drop) {
                return fail("staker: unstake_on_drop within [0, 1]");
            }
        }
        Ok(())
    }

    /// The bots: one form of the settings, distinct names, flash loans only with AMMs to
    /// sell into.
    fn validate_liquidators(&self) -> Result<(), String> {
        let fail = |m: &str| Err(m.to_string());
        if self.liquidator.is_some() && !self.liquidators.is_empty() {
            return fail("either [liquidator] or [[liquidators]], not both");
        }
        let bots = self.bots();
        let mut names: Vec<&str> = bots.iter().filter_map(|l| l.name.as_deref()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            return fail("liquidators: names must be distinct");
        }
        for l in &bots {
            if l.capital == Capital::Flash && l.inventory.is_some() {
                return fail("liquidators: a flash-loan liquidator holds no inventory");
            }
            if l.capital == Capital::Flash && self.amm.is_empty() {
                return fail("liquidators: a flash-loan liquidator needs an [[amm]] to sell into");
            }
            if !(l.inventory() >= 0.0 && l.min_profit.is_finite()) {
                return fail("liquidators: inventory must be >= 0 and min_profit finite");
            }
        }
        Ok(())
    }

    /// The AMMs: known assets, one entry per asset (and one default at most), and every
    /// collateral covered once there is any.
    fn validate_amms(&self) -> Result<(), String> {
        let fail = |m: &str| Err(m.to_string());
        if self.amm.is_empty() {
            return Ok(());
        }
        let mut assets: Vec<Option<&str>> = self.amm.iter().map(|a| a.asset.as_deref()).collect();
        assets.sort_unstable();
        if assets.windows(2).any(|w| w[0] == w[1]) {
            return fail("amm: one entry per asset, and one without an asset at most");
        }
        let names: Vec<&str> = self.collateral.iter().map(|c| c.name.as_str()).collect();
        if !assets.iter().flatten().all(|a| names.contains(a)) {
            return fail("an [[amm]] names an unknown collateral");
        }
        if !names.iter().all(|n| self.amm_for(n).is_some()) {
            return fail("amm: every collateral needs a pool once there is one");
        }
        for a in &self.amm {
            if !(a.depth_usd.is_finite() && a.depth_usd > 0.0) {
                return fail("amm: depth_usd must be positive");
            }
            if a.fee_bps >= 10_000 || !(0.0..=1.0).contains(&a.arbitrage) {
                return fail("amm: fee_bps below 10000 and arbitrage within [0, 1]");
            }
        }
        Ok(())
    }
}
