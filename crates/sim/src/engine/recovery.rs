//! A frozen pool's recovery: a donor recapitalizes it for the LPs who bore the loss (the
//! program accepts that only while the pool is frozen or deposits are paused, so nobody can
//! buy in ahead of it), then the guardian reopens it once the share price is back at the
//! floor.
use super::Simulation;
use lending_pool_sdk::{ix, state::STATUS_FROZEN};
use lending_pool_testkit::Signer;

impl Simulation<'_> {
    pub(super) async fn recover(&mut self, step: u32) {
        let Some(cfg) = self.s.recovery.clone() else {
            return;
        };
        let pool = self.fx.pool(&mut self.bank).await;
        let r = &mut self.tally.recovery;
        if pool.status != STATUS_FROZEN {
            return;
        }
        let frozen = *r.frozen_step.get_or_insert(step);
        if r.recapitalized_step.is_none() {
            if step < frozen + cfg.delay_steps {
                return;
            }
            let owed = (pool.total_socialized as f64 * cfg.share).round() as u64;
            let amount = owed.saturating_sub(pool.total_recovered);
            let supply = self.bank.mint_supply(&self.fx.addrs.lp_mint).await;
            let donor = self.fx.user(&mut self.bank, amount.max(1)).await;
            let recap = ix::recapitalize(
                &self.fx.addrs,
                &donor.key.pubkey(),
                &donor.base,
                amount,
                supply,
            );
            if amount == 0 || self.bank.process(&[recap], &[&donor.key]).await.is_err() {
                return;
            }
            let r = &mut self.tally.recovery;
            (r.recapitalized_step, r.recapitalized) = (Some(step), amount);
        }
        // the guardian reopens it once the price is back at the floor (retried each step)
        let unfreeze = ix::unfreeze(&self.fx.addrs, &self.fx.guardian.pubkey());
        let guardian = self.fx.guardian.insecure_clone();
        if self.bank.process(&[unfreeze], &[&guardian]).await.is_ok() {
            self.tally.recovery.reopened_step = Some(step);
        }
    }
}
