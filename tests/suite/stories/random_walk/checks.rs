//! Sending a transaction and everything the walk checks after it: the outcome against the
//! prediction, then the invariants it shares with the model test
//! (`lending_pool_tests::invariants`: the gate and state transitions from outside, the books
//! against the bank and every vault, the insurance shares and marks), token conservation,
//! and the walk's copy against the bank.
use super::{
    ops::{Op, Vault},
    predict::{lending, After},
    setup::{ASSETS, BORROWERS, STAKERS, STAKER_WALLET},
    world::{mint_supply, token_amount, Walk},
};
use anchor_lang::prelude::Pubkey;
use lending_pool::state::{
    InsuranceFund, InsuranceStake, Pool, Position, Settlement, STATUS_FROZEN,
};
use lending_pool_testkit::*;
use lending_pool_tests::invariants::{
    check_collateral, check_debts, check_exit_price, check_insurance, check_pause_flags,
    check_settlement, check_share_price, check_status, check_vaults, gate, Action, Gate, Stakers,
};
use std::collections::BTreeMap;

impl Walk {
    /// Sends `op` and checks everything the walk checks; the outcome's settlement, if it
    /// succeeded.
    pub(super) async fn exec(&mut self, op: Op) -> Option<Option<Settlement>> {
        let (ix, signer) = self.instruction(op).await;
        let expected = self.predict(op);
        let before = self.pool();
        let (fund0, supply0) = (self.fund(), self.lp_supply());
        let epoch = fund0.share_epoch;
        let uncovered = before
            .uncovered_shortfall(fund0.balance().unwrap())
            .unwrap()
            > 0;
        let withdrawing = match op {
            Op::WithdrawCollateral { b, .. } => Some(self.position(b)),
            _ => None,
        };
        let marked_deposit = match op {
            Op::DepositCollateral { b, .. } => self.position(b).marked_shortfall > 0,
            _ => false,
        };
        let result = self
            .bank
            .process(std::slice::from_ref(&ix), &[&signer])
            .await;
        self.stats.sent += 1;

        // only the transaction's writable accounts can have changed: re-read those
        let mut changed = vec![];
        let mut deltas: BTreeMap<Pubkey, i128> = BTreeMap::new();
        for key in ix
            .accounts
            .iter()
            .filter(|m| m.is_writable)
            .map(|m| m.pubkey)
        {
            // (an exit request and its escrow close: empty)
            let new = self.bank.account_data(&key).await.unwrap_or_default();
            let old = self.accounts.insert(key, new.clone()).unwrap_or_else(|| {
                panic!("{op:?} writes {key}, an account the walk does not track")
            });
            if old != new {
                changed.push(key);
            }
            if self.token_accounts.iter().any(|(k, _)| *k == key) {
                let d = token_amount(&new) as i128 - token_amount(&old) as i128;
                deltas.insert(key, d);
            }
        }

        let outcome = result.as_ref().map(drop).map_err(custom_code);
        self.check_gate(op, &before, withdrawing, outcome);
        let settlement = match (result, expected) {
            (Err(f), Err(want)) => {
                assert_eq!(
                    custom_code(&f),
                    Some(want),
                    "{op:?}: the program's own code fails with {want}, the transaction with {:?}\n{}",
                    f.error,
                    f.logs.join("\n")
                );
                assert!(changed.is_empty(), "failed {op:?} wrote {changed:?}");
                None
            }
            (Err(f), Ok(_)) => panic!(
                "{op:?} failed ({:?}) where the program's own code succeeds\n{}",
                f.error,
                f.logs.join("\n")
            ),
            (Ok(o), Err(want)) => panic!(
                "{op:?} succeeded where the program's own code fails with {want}\n{}",
                o.logs.join("\n")
            ),
            (Ok(_), Ok(after)) => {
                self.stats.ok += 1;
                self.stats.marked_deposits += marked_deposit as u64;
                self.check_after(op, &after, &deltas);
                Some(after.settlement)
            }
        };
        if let Some(s) = settlement {
            self.count(op, &before, s);
            self.check_transition(op, (&before, &fund0, supply0), uncovered, s);
        }
        self.stats.epochs += self.fund().share_epoch - epoch;
        self.check_books().await;
        settlement
    }

    /// The bank agrees with the program's own code, byte for byte and token for token.
    fn check_after(&mut self, op: Op, after: &After, deltas: &BTreeMap<Pubkey, i128>) {
        let pool = self.pool();
        assert!(
            bytemuck::bytes_of(&pool) == bytemuck::bytes_of(&after.pool),
            "{op:?}: the pool differs from the program's own books\nbank: {pool:?}\nnative: {:?}",
            after.pool
        );
        let fund = self.fund();
        assert!(
            bytemuck::bytes_of(&fund) == bytemuck::bytes_of(&after.fund),
            "{op:?}: the fund differs\nbank: {fund:?}\nnative: {:?}",
            after.fund
        );
        if let Some((b, pos)) = after.position {
            let got = self.position(b);
            assert!(
                bytemuck::bytes_of(&got) == bytemuck::bytes_of(&pos),
                "{op:?}: position {b} differs\nbank: {got:?}\nnative: {pos:?}"
            );
        }
        if let Some((s, st)) = after.stake {
            let got = self.stake(s);
            assert!(
                bytemuck::bytes_of(&got) == bytemuck::bytes_of(&st),
                "{op:?}: stake {s} differs\nbank: {got:?}\nnative: {st:?}"
            );
        }
        assert_eq!(self.lp_supply(), after.lp_supply, "{op:?}: LP supply");
        let mut want: BTreeMap<Pubkey, i128> = BTreeMap::new();
        for (k, d) in &after.moves {
            *want.entry(*k).or_default() += d;
        }
        for (k, d) in deltas {
            assert_eq!(
                *d,
                want.remove(k).unwrap_or(0),
                "{op:?}: token account {k} moved"
            );
        }
        assert!(
            want.values().all(|d| *d == 0),
            "{op:?}: expected movements in accounts it does not write: {want:?}"
        );
        match op {
            Op::Donate { vault, amount, .. } => match vault {
                Vault::Base => self.donated.base += amount,
                Vault::Insurance => self.donated.insurance += amount,
                Vault::Collateral(slot) => self.donated.collateral[slot] += amount,
            },
            Op::Liquidate { .. } => self.stats.liquidations += 1,
            Op::Recapitalize { .. } => self.stats.recapitalizations += 1,
            Op::Stake { .. } => self.stats.stakes += 1,
            Op::RequestUnstake { .. } => self.stats.requests += 1,
            Op::CancelUnstake { .. } => self.stats.cancels += 1,
            Op::Unstake { .. } => self.stats.unstakes += 1,
            Op::Mark { .. } => self.stats.marks += 1,
            Op::Retire { .. } => self.stats.retirements += 1,
            Op::RequestExit { .. } => self.stats.exit_requests += 1,
            Op::CompleteExit { .. } => self.stats.exits_completed += 1,
            Op::CancelExit { .. } => self.stats.exits_cancelled += 1,
            _ => {}
        }
    }

    /// The SPEC's gate from outside (`invariants::gate`): the refusals it requires, with
    /// their exact error, and debt-free collateral that must come out.
    fn check_gate(
        &self,
        op: Op,
        before: &Pool,
        withdrawing: Option<Position>,
        outcome: Result<(), Option<u32>>,
    ) {
        let action = match op {
            Op::Deposit { .. } => Action::Deposit,
            Op::Borrow { .. } => Action::Borrow,
            Op::DepositCollateral { .. } => Action::DepositCollateral,
            Op::WithdrawCollateral { slot, amount, .. } => {
                let pos = withdrawing.expect("position before");
                Action::WithdrawCollateral {
                    with_debt: pos.scaled_debt.get() > 0,
                    within_holdings: amount > 0 && amount <= pos.collateral[slot],
                }
            }
            _ => return,
        };
        match gate(before, self.now, action) {
            Gate::Refused(e) => assert_eq!(outcome, Err(Some(lending(e))), "{op:?} at the gate"),
            Gate::Passes => assert_eq!(outcome, Ok(()), "{op:?} must pass the gate"),
            Gate::Open => {}
        }
    }

    /// After a successful transaction, the SPEC's rules on what it changed (the shared
    /// `invariants`): its settlement, the status, the pause flags, and the share and exit
    /// prices (`uncovered`: a marked loss insurance would not cover stood before it).
    fn check_transition(
        &self,
        op: Op,
        (before, fund0, supply0): (&Pool, &InsuranceFund, u64),
        uncovered: bool,
        settlement: Option<Settlement>,
    ) {
        let (pool, fund, supply) = (self.pool(), self.fund(), self.lp_supply());
        let s = settlement.as_ref();
        if let Some(s) = s {
            check_settlement(s, &pool, &fund, before.status == STATUS_FROZEN);
        }
        check_status(before, &pool, s, matches!(op, Op::Unfreeze), supply);
        let set_pause = match op {
            Op::SetPause(flags) => Some(flags),
            _ => None,
        };
        check_pause_flags(before, &pool, self.now, set_pause, s);
        let written_down = s.is_some_and(|s| s.socialized > 0);
        let priced_net = uncovered && matches!(op, Op::Deposit { .. });
        let may_fall = written_down || priced_net;
        check_share_price((before, supply0), (&pool, supply), may_fall, op);
        check_exit_price(
            (before, fund0, supply0),
            (&pool, &fund, supply),
            s.is_some(),
            op,
        );
    }

    /// The books against the bank and every vault (counting the walk's direct donations),
    /// the positions against the pool's totals, the insurance shares and marks (the shared
    /// `invariants`), and token conservation per mint.
    pub(super) async fn check_books(&mut self) {
        self.fx.assert_books(&mut self.bank).await;
        let (pool, fund) = (self.pool(), self.fund());
        let a = self.fx.addrs;
        let d = &self.donated;
        let base = self.balance(&a.base_vault) - d.base;
        check_vaults(
            &pool,
            &fund,
            base,
            self.balance(&a.insurance_vault) - d.insurance,
        );
        let positions: Vec<Position> = (0..BORROWERS).map(|b| self.position(b)).collect();
        let vaults: Vec<u64> = (0..ASSETS.len())
            .map(|slot| self.balance(&self.fx.collaterals[slot].vault) - d.collateral[slot])
            .collect();
        check_collateral(&pool, &positions, &vaults);
        check_debts(&pool, &positions);
        let stakes: Vec<InsuranceStake> = (0..STAKERS).map(|s| self.stake(s)).collect();
        let wallets: Vec<u64> = self.stakers.iter().map(|u| self.balance(&u.base)).collect();
        let stakers = Stakers {
            stakes: &stakes,
            wallets: &wallets,
            wallet_start: STAKER_WALLET,
        };
        check_insurance(&pool, &fund, stakers, &positions);
        for (mint, issued) in &self.issued {
            assert_eq!(
                self.held_of(mint),
                *issued,
                "mint {mint}: tokens not conserved"
            );
        }
        assert_eq!(
            self.held_of(&a.lp_mint),
            self.lp_supply(),
            "LP supply = Σ LP accounts"
        );
    }

    /// Every tracked account, read afresh, is what the walk's copy says.
    pub(super) async fn verify_copy(&mut self) {
        let keys: Vec<Pubkey> = self.accounts.keys().copied().collect();
        for k in keys {
            let data = self.bank.account_data(&k).await.unwrap_or_default();
            assert!(
                data == self.accounts[&k],
                "account {k} changed behind the walk"
            );
        }
        for (mint, issued) in &self.issued {
            assert_eq!(mint_supply(&self.accounts[mint]), *issued);
        }
    }
}
