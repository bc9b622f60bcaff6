//! The marking keeper (when the scenario marks): each step, before LPs and stakers act,
//! every position whose shortfall at the oracle accounts' prices differs from its mark is
//! (re-)marked with `mark_shortfall`, so exits are priced net of every loss on view. It
//! decides with the program's own `Pool::shortfall_at`, so it sends only what changes a mark.
use super::Simulation;
use anchor_lang::prelude::Pubkey;
use lending_pool_harness::Signer;
use lending_pool_sdk::{ix, prices::oracle_accounts};

impl Simulation<'_> {
    pub(super) async fn keeper_marks(&mut self, now: i64) {
        if !self.s.marking {
            return;
        }
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.oracle_market(&pool, now).await;
        let marker = self.bank.payer().pubkey();
        let oracle_of_slot: Vec<Pubkey> = self.fx.collaterals.iter().map(|c| c.oracle).collect();
        for (key, pos) in self.positions().await {
            // a stale price cannot be marked at (the program would refuse it too)
            let Ok(shortfall) = pool.shortfall_at(&pos, &market.prices) else {
                continue;
            };
            if shortfall == pos.marked_shortfall {
                continue;
            }
            let oracles = oracle_accounts(&pool, &pos, &oracle_of_slot);
            let ix = ix::mark_shortfall(
                &self.fx.addrs.pool,
                &key,
                &marker,
                &self.fx.base_oracle,
                &oracles,
            );
            match self.bank.process(&[ix], &[]).await {
                Ok(_) => self.tally.marks += 1,
                Err(_) => self.tally.marks_failed += 1,
            }
        }
    }
}
