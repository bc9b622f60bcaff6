//! LPs who run: the scenario's first `runner_share` of the LPs redeem all their shares the
//! first step they see trouble (a loss in view, or a price fall of `run_on_drop`), as much
//! as the pool's cash pays for, and the rest on later steps as cash comes back. At the end, every LP's result is
//! measured for "who bore the loss" (`loss_share`).
use super::{signals::Signals, Simulation};
use crate::loss_share::LpGroup;
use lending_pool_sdk::math::{to_assets_down, to_shares_down};

impl Simulation<'_> {
    /// Which LPs run (by creation order: their sizes are drawn independently).
    pub(super) fn runner_flags(count: usize, share: f64) -> Vec<bool> {
        let runners = (count as f64 * share).round() as usize;
        (0..count).map(|i| i < runners).collect()
    }

    pub(super) async fn runners_act(&mut self, sig: &Signals) {
        if !sig.trouble(self.s.lps.run_on_drop) {
            return;
        }
        for i in 0..self.lps.len() {
            if !self.runner[i] {
                continue;
            }
            let held = self.bank.token_balance(&self.lps[i].lp).await;
            // as much as the pool's cash pays for now; the rest on a later step
            let pool = self.fx.pool(&mut self.bank).await;
            let fund = self.fx.insurance(&mut self.bank).await;
            let supply = self.bank.mint_supply(&self.fx.addrs.lp_mint).await;
            let exit_assets = pool
                .exit_lp_assets(fund.balance().unwrap_or(0))
                .unwrap_or(0);
            let payable = to_shares_down(pool.available_cash(), exit_assets, supply).unwrap_or(0);
            let shares = held.min(payable);
            // nothing to take out until cash comes back
            if to_assets_down(shares, exit_assets, supply).unwrap_or(0) == 0 {
                continue;
            }
            let ix = self.fx.redeem_ix(&self.lps[i], shares, 0);
            let key = self.lps[i].key.insecure_clone();
            match self.bank.process(&[ix], &[&key]).await {
                Ok(_) => self.tally.runs += 1,
                Err(_) => self.tally.runs_failed += 1,
            }
        }
    }

    /// (ran, stayed): the LPs present when the loss became visible, by group; both empty
    /// when it never did.
    pub(super) async fn lp_groups(&mut self) -> (LpGroup, LpGroup) {
        let (mut ran, mut stayed) = (LpGroup::default(), LpGroup::default());
        let Some((_, present)) = self.visible.clone() else {
            return (ran, stayed);
        };
        let pool = self.fx.pool(&mut self.bank).await;
        let fund = self.fx.insurance(&mut self.bank).await;
        let exit_assets = pool
            .exit_lp_assets(fund.balance().unwrap_or(0))
            .unwrap_or(0);
        let supply = self.bank.mint_supply(&self.fx.addrs.lp_mint).await;
        for (i, _) in present.iter().enumerate().filter(|(_, &p)| p) {
            // the deposit emptied the wallet: what is in it now came out of the pool
            let out = self.bank.token_balance(&self.lps[i].base).await;
            let shares = self.bank.token_balance(&self.lps[i].lp).await;
            let held = to_assets_down(shares, exit_assets, supply).unwrap_or(0);
            let group = if self.runner[i] {
                &mut ran
            } else {
                &mut stayed
            };
            group.add(self.lp_in[i], out, held);
        }
        (ran, stayed)
    }
}
