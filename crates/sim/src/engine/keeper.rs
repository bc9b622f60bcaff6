//! The marking keeper (when the scenario marks): each step, before LPs and stakers act,
//! every position whose shortfall at the oracle accounts' prices differs from its mark is
//! (re-)marked with `mark_shortfall`, so exits are priced net of every loss on view. The
//! plan is the reference bot's (`lending_pool_strategy::plan_marks`, zero tolerance: the
//! program's own `Pool::shortfall_at` on the pool accrued to now), so it sends only what
//! changes a mark.
use super::Simulation;
use anchor_lang::prelude::Pubkey;
use lending_pool_strategy::{plan_marks, MarkConfig};
use lending_pool_testkit::Signer;
use std::collections::HashSet;

impl Simulation<'_> {
    pub(super) async fn keeper_marks(&mut self, now: i64) {
        if !self.s.marking {
            return;
        }
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.oracle_market(&pool, now).await;
        let marker = self.bank.payer().pubkey();
        let oracle_of_slot: Vec<Pubkey> = self.fx.collaterals.iter().map(|c| c.oracle).collect();
        let positions = self.positions().await;
        let plans = plan_marks(
            &pool,
            &positions,
            &market,
            &HashSet::new(),
            &MarkConfig::default(),
        );
        for plan in plans {
            let Some((_, pos)) = positions.iter().find(|(k, _)| *k == plan.position) else {
                continue;
            };
            let ix = plan.instruction(
                &self.fx.addrs.pool,
                &pool,
                pos,
                &marker,
                &self.fx.base_oracle,
                &oracle_of_slot,
            );
            match self.bank.process(&[ix], &[]).await {
                Ok(_) => self.tally.marks += 1,
                Err(_) => self.tally.marks_failed += 1,
            }
        }
    }
}
