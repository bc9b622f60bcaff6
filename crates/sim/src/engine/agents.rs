//! What the actors do each step: borrowers defend (repay a quarter when their health falls
//! below the scenario's line), borrow towards their target leverage or repay a tenth at
//! random; LPs redeem part of their shares at random.
use super::Simulation;
use lending_pool_sdk::constants::WAD;
use lending_pool_strategy::strategy::spot_health;
use rand_distr::{Distribution, Uniform};

impl Simulation<'_> {
    /// Every borrower in order, one RNG roll each (drawn even when it then does nothing).
    pub(super) async fn borrowers_act(&mut self, now: i64) {
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
            // a repayment may not leave less than `min_debt` owed: then it repays all of it
            // (or, short of that, as much as leaves `min_debt`)
            let min_debt = pool.config.min_debt;
            let repayable = |want: u64| {
                let want = want.min(wallet);
                if debt - want >= min_debt || want == debt {
                    want
                } else if wallet >= debt {
                    debt
                } else {
                    debt.saturating_sub(min_debt).min(want)
                }
            };
            let ix = if b.defends && health < self.s.borrowers.defend_health {
                // defend: pay back a quarter of the debt from the wallet
                let amount = repayable(debt / 4);
                (amount > 0).then(|| self.fx.repay_ix(&b.b, amount))
            } else if roll < self.s.borrowers.activity_prob {
                let decimals = pool.base_decimals as i32;
                let target = h.borrow_limit as f64 / WAD as f64 * 0.996 * b.leverage;
                let debt_value = h.debt_value as f64 / WAD as f64;
                if target > debt_value * 1.05 {
                    let more = ((target - debt_value) * 0.5 * 10f64.powi(decimals)) as u64;
                    let ix = self
                        .fx
                        .borrow_ix(&mut self.bank, &self.borrowers[i].b, more);
                    Some(ix.await)
                } else {
                    let amount = repayable(debt / 10);
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

    /// Each LP redeems 10–50% of its shares with the scenario's probability.
    pub(super) async fn lps_act(&mut self) {
        if self.s.lps.redeem_prob <= 0.0 {
            return;
        }
        // ordinary LPs take money out of a calm pool only (a stressed one takes requests:
        // that is the runners' move)
        let b = self.exit_books().await;
        let stressed = b.pool.is_stressed(b.ledger).unwrap_or(false);
        let unit = Uniform::new(0.0, 1.0).expect("unit interval");
        for i in 0..self.lps.len() {
            // the draw is made either way, so the random stream does not depend on it
            if unit.sample(&mut self.rng) >= self.s.lps.redeem_prob || stressed {
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
}
