//! Observing the run: reading the positions back from the chain, the exposure at true
//! prices before the liquidator acts, and each step's sample of the books (pool, insurance
//! fund, LP supply, shortfall, liquidatable positions) for the metrics and charts.
use super::Simulation;
use crate::metrics::Sample;
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{state::Position, PoolSnapshot};
use lending_pool_strategy::strategy::{shortfall_wad, spot_health};

impl Simulation<'_> {
    /// Every borrower's position as the chain holds it, in borrower order.
    pub(super) async fn positions(&mut self) -> Vec<(Pubkey, Position)> {
        let mut out = Vec::with_capacity(self.borrowers.len());
        for b in &self.borrowers {
            let pos = self.bank.position(&b.b.position).await;
            out.push((b.b.position, pos));
        }
        out
    }

    /// Σ shortfall at true prices (base units) before the liquidator acts; remembers every
    /// position that was underwater.
    pub(super) async fn measure_exposure(&mut self, now: i64) -> u64 {
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

    /// Positions left underwater at true prices: debt that the collateral cannot repay with
    /// its bonus, or debt without collateral (the program's `PositionHealth::is_underwater`),
    /// which no liquidation or settlement has cleared.
    pub(super) async fn underwater_unsettled(&mut self, now: i64) -> u64 {
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.true_market(now);
        let positions = self.positions().await;
        positions
            .iter()
            .filter(|(_, pos)| spot_health(&pool, pos, &market).is_some_and(|h| h.is_underwater()))
            .count() as u64
    }

    /// The books at the end of `step` (`shortfall_before_liquidations` is left to the
    /// caller).
    pub(super) async fn sample(
        &mut self,
        step: u32,
        liquidations: u32,
        settlements: u32,
    ) -> Sample {
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
        // the chain's books as they stand (each step starts with an `accrue_interest`)
        let books = PoolSnapshot::of(&pool, lp_supply).expect("the pool's books compute");
        Sample {
            step,
            hours: (step as u64 * self.s.step_secs as u64) as f64 / 3_600.0,
            prices: (0..self.s.collateral.len())
                .map(|slot| self.paths[slot][step as usize])
                .collect(),
            cash: books.cash,
            total_debt: books.total_debt,
            lp_assets: books.lp_assets,
            lp_supply,
            share_price_wad: books.share_price_wad,
            insurance_ledger: fund.balance().unwrap_or(0),
            insurance_pending: pool.insurance_pending,
            marked_shortfall: pool.marked_shortfall,
            insurance_covered_marks: fund
                .balance()
                .and_then(|b| pool.insurance_value(b))
                .map_or(0, |v| v.covered),
            total_insurance_paid: pool.total_insurance_paid,
            total_socialized: pool.total_socialized,
            utilization_bps: books.utilization_bps() as u32,
            borrow_rate_bps: books.borrow_rate_bps() as u32,
            shortfall: (shortfall / scale) as u64,
            shortfall_before_liquidations: 0,
            liquidatable,
            liquidations,
            settlements,
        }
    }
}
