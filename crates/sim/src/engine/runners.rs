//! LPs who run: the scenario's first `runner_share` of the LPs take all their shares out
//! the first step they see trouble (a loss in view, or a price fall of `run_on_drop`): in a
//! calm pool they redeem as much as the pool's cash pays for, and the rest on later steps
//! as cash comes back; in a stressed one they request the exit of every share and complete
//! it once it matures (paid the lesser of its value at the request and at completion). At the end, every LP's result is
//! measured for "who bore the loss" (`loss_share`).
use super::{signals::Signals, Simulation};
use crate::loss_share::LpGroup;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool_sdk::{
    accounts::decode_zero_copy,
    math::{to_assets_down, to_shares_down},
    pda,
    state::{ExitRequest, Pool},
};
use lending_pool_testkit::Signer;

/// What LP exits are priced at, read once (`Simulation::exit_books`).
pub(super) struct ExitBooks {
    pub(super) pool: Pool,
    pub(super) ledger: u64,
    pub(super) supply: u64,
    pub(super) exit_assets: u64,
}

impl Simulation<'_> {
    /// Which LPs run (by creation order: their sizes are drawn independently).
    pub(super) fn runner_flags(count: usize, share: f64) -> Vec<bool> {
        let runners = (count as f64 * share).round() as usize;
        (0..count).map(|i| i < runners).collect()
    }

    pub(super) async fn runners_act(&mut self, sig: &Signals) {
        // a runner's request is paid once it matures, trouble or not
        for i in 0..self.lps.len() {
            if self.runner[i] {
                self.complete_exit_if_matured(i).await;
            }
        }
        if !sig.trouble(self.s.lps.run_on_drop) {
            return;
        }
        for i in 0..self.lps.len() {
            if !self.runner[i] {
                continue;
            }
            let held = self.bank.token_balance(&self.lps[i].lp).await;
            if held == 0 || self.exit_request(i).await.is_some() {
                continue;
            }
            let b = self.exit_books().await;
            let (pool, supply, exit_assets) = (&b.pool, b.supply, b.exit_assets);
            // stressed: every share into a request (paid after the delay at the lesser of
            // its value then and at completion); calm: as much as the cash pays for now,
            // the rest on a later step
            let ix = if pool.is_stressed(b.ledger).unwrap_or(false) {
                self.fx.request_exit_ix(&self.lps[i], held, 0)
            } else {
                let payable =
                    to_shares_down(pool.available_cash(), exit_assets, supply).unwrap_or(0);
                let shares = held.min(payable);
                if to_assets_down(shares, exit_assets, supply).unwrap_or(0) == 0 {
                    continue;
                }
                self.fx.redeem_ix(&self.lps[i], shares, 0)
            };
            self.send_run(i, ix).await;
            // without an exit delay the request is paid in the same step
            self.complete_exit_if_matured(i).await;
        }
    }

    /// LP `i`'s pending exit request, if any.
    async fn exit_request(&mut self, i: usize) -> Option<ExitRequest> {
        // the address once per LP and thread (a PDA search is curve arithmetic)
        thread_local! {
            static KEYS: std::cell::RefCell<std::collections::HashMap<(Pubkey, Pubkey), Pubkey>> =
                std::cell::RefCell::new(std::collections::HashMap::new());
        }
        let (pool, owner) = (self.fx.addrs.pool, self.lps[i].key.pubkey());
        let key = KEYS.with_borrow_mut(|keys| {
            *keys
                .entry((pool, owner))
                .or_insert_with(|| pda::exit_request(&pool, &owner))
        });
        let data = self.bank.account_data(&key).await?;
        decode_zero_copy(&data).ok()
    }

    /// Completes LP `i`'s request once it matured (and the pool's cash pays it).
    async fn complete_exit_if_matured(&mut self, i: usize) {
        let Some(req) = self.exit_request(i).await else {
            return;
        };
        if self.bank.now().await < req.matures_ts {
            return;
        }
        // the payout must fit in the cash LPs may take: else wait for cash to come back
        let b = self.exit_books().await;
        let now_worth = to_assets_down(req.shares, b.exit_assets, b.supply).unwrap_or(0);
        if now_worth.min(req.value_at_request) > b.pool.available_cash() {
            return;
        }
        let ix = self.fx.complete_exit_ix(&self.lps[i]);
        self.send_run(i, ix).await;
    }

    /// Sends runner `i`'s exit transaction and counts it.
    async fn send_run(&mut self, i: usize, ix: Instruction) {
        let key = self.lps[i].key.insecure_clone();
        match self.bank.process(&[ix], &[&key]).await {
            Ok(_) => self.tally.runs += 1,
            Err(_) => self.tally.runs_failed += 1,
        }
    }

    /// The pool, the fund's ledger, the LP supply and the exit price's assets, read now.
    pub(super) async fn exit_books(&mut self) -> ExitBooks {
        let pool = self.fx.pool(&mut self.bank).await;
        let ledger = self
            .fx
            .insurance(&mut self.bank)
            .await
            .balance()
            .unwrap_or(0);
        let supply = self.bank.mint_supply(&self.fx.addrs.lp_mint).await;
        let exit_assets = pool.exit_lp_assets(ledger).unwrap_or(0);
        ExitBooks {
            pool,
            ledger,
            supply,
            exit_assets,
        }
    }

    /// (ran, stayed): the LPs present when the loss became visible, by group; both empty
    /// when it never did.
    pub(super) async fn lp_groups(&mut self) -> (LpGroup, LpGroup) {
        let (mut ran, mut stayed) = (LpGroup::default(), LpGroup::default());
        let Some((_, present)) = self.visible.clone() else {
            return (ran, stayed);
        };
        let ExitBooks {
            supply,
            exit_assets,
            ..
        } = self.exit_books().await;
        for (i, _) in present.iter().enumerate().filter(|(_, &p)| p) {
            // the deposit emptied the wallet: what is in it now came out of the pool
            let out = self.bank.token_balance(&self.lps[i].base).await;
            // shares still in a pending exit request count as held
            let escrowed = self.exit_request(i).await.map_or(0, |r| r.shares);
            let shares = self.bank.token_balance(&self.lps[i].lp).await + escrowed;
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
