//! Prices: the true path of each collateral slot, what the oracle accounts publish each step,
//! and the two markets actors price at — the true one (what everyone off-chain sees) and the
//! oracle accounts' contents as the program will validate them.
use super::Simulation;
use lending_pool_sdk::{
    math::{OraclePrice, Prices},
    oracle::{decode_price_update, PriceUpdateSpec},
    state::Pool,
};
use lending_pool_strategy::Market;

/// Prices are published with 8 decimals, like most Pyth feeds.
const PRICE_EXPO: i32 = -8;

/// A quote-unit price as the oracle's integer (8 decimals, at least 1).
pub(super) fn to_price(p: f64) -> i64 {
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

impl Simulation<'_> {
    fn true_price(&self, slot: usize, step: u32) -> i64 {
        to_price(self.paths[slot][step as usize])
    }

    /// Writes the base price and every collateral slot's true price whose feed publishes at
    /// `step` (an oracle outage leaves the slot's account stale).
    pub(super) fn publish_prices(&mut self, step: u32, now: i64) {
        self.bank.set_price(
            &self.fx.base_oracle,
            &PriceUpdateSpec::new(self.fx.base_feed, 100_000_000, PRICE_EXPO, now),
        );
        for (slot, c) in self.s.collateral.iter().enumerate() {
            if self.s.feed_publishes(&c.name, step) {
                let fc = self.fx.collaterals[slot];
                let p = self.true_price(slot, step);
                self.bank.set_price(
                    &fc.oracle,
                    &PriceUpdateSpec::new(fc.feed, p, PRICE_EXPO, now),
                );
            }
        }
    }

    /// The market as everyone off-chain sees it (true prices, whatever the oracle shows).
    pub(super) fn true_market(&self, now: i64) -> Market {
        let step = ((now - self.t0) / self.s.step_secs as i64) as u32;
        let mut prices = Prices {
            base: Some(oracle_price(100_000_000, now)),
            ..Prices::default()
        };
        for slot in 0..self.s.collateral.len() {
            prices.collateral[slot] = Some(oracle_price(self.true_price(slot, step), now));
        }
        Market { now, prices }
    }

    /// The market as the program will see it: the oracle accounts' contents, validated.
    pub(super) async fn oracle_market(&mut self, pool: &Pool, now: i64) -> Market {
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
}
