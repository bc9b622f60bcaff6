//! Sending a transaction and everything the walk checks after it: the outcome against the
//! prediction, the gate and state transitions from outside, the books against the bank and
//! every vault, and the walk's copy against the bank.
use super::{
    ops::{Op, Vault},
    predict::{lending, After},
    setup::{ASSETS, BORROWERS},
    world::{mint_supply, token_amount, Walk},
};
use anchor_lang::prelude::Pubkey;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    state::{Pool, Position, Settlement, STATUS_ACTIVE, STATUS_FROZEN},
};
use lending_pool_harness::*;
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
            self.check_transition(op, &before, s);
            self.check_exit_price(op, (&before, &fund0, supply0), s.is_some());
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

    /// The SPEC's gate from outside, independently of `Pool::require_allowed`: a frozen pool
    /// takes no deposits, borrows or new collateral; a tripped breaker stops borrows and
    /// withdrawals of collateral from positions with debt, and debt-free collateral stays free.
    fn check_gate(
        &self,
        op: Op,
        before: &Pool,
        withdrawing: Option<Position>,
        outcome: Result<(), Option<u32>>,
    ) {
        // the flags in force: the guardian's lapse at their expiry
        let mut before = *before;
        before.lapse_guardian_pauses(self.now);
        let paused = |flag: u16| before.pause_flags & flag != 0;
        let frozen = before.status == STATUS_FROZEN;
        let refused = |e: LendingError| Err(Some(lending(e)));
        match op {
            Op::Deposit { .. } | Op::Borrow { .. } | Op::DepositCollateral { .. } if frozen => {
                assert_eq!(
                    outcome,
                    refused(LendingError::PoolFrozen),
                    "{op:?} in a frozen pool"
                )
            }
            Op::Borrow { .. } if paused(pause::BREAKER) && !paused(pause::BORROW) => assert_eq!(
                outcome,
                refused(LendingError::CircuitBreakerTripped),
                "{op:?} past a tripped breaker"
            ),
            Op::WithdrawCollateral { slot, amount, .. } if !paused(pause::WITHDRAW_COLLATERAL) => {
                let pos = withdrawing.expect("position before");
                if pos.scaled_debt.get() > 0 && paused(pause::BREAKER) {
                    assert_eq!(
                        outcome,
                        refused(LendingError::CircuitBreakerTripped),
                        "{op:?} against debt past a tripped breaker"
                    );
                } else if pos.scaled_debt.get() == 0 && amount <= pos.collateral[slot] {
                    assert_eq!(
                        outcome,
                        Ok(()),
                        "{op:?}: debt-free collateral must come out"
                    );
                }
            }
            _ => {}
        }
    }

    /// The SPEC's rules for status, pause flags and the loss waterfall, from outside.
    fn check_transition(&self, op: Op, before: &Pool, settlement: Option<Settlement>) {
        let after = self.pool();
        // every instruction that brings the pool up to date first clears lapsed guardian
        // pauses (one that only reads the pool leaves them): no transition of its own
        let mut lapsed = *before;
        lapsed.lapse_guardian_pauses(self.now);
        if let Some(s) = settlement {
            assert_eq!(
                s.debt,
                s.from_pending + s.from_insurance_vault + s.socialized
            );
            assert_eq!(s.lp_assets_after, s.lp_assets_before - s.socialized);
            if s.socialized > 0 {
                // LPs lose only once the insurance fund is empty
                assert_eq!(
                    (s.insurance_pending_after, s.insurance_vault_balance_after),
                    (0, 0),
                    "{op:?}: LPs lost while insurance was left: {s:?}"
                );
                // and the emptied fund's shares are void: a new epoch starts with none
                assert_eq!(
                    s.insurance_total_shares, 0,
                    "{op:?}: shares outlived the fund"
                );
                assert_eq!(self.fund().total_shares, 0);
            }
            assert_eq!(s.marked_shortfall_after, after.marked_shortfall);
            assert_eq!(s.frozen, after.status == STATUS_FROZEN);
        }
        if before.status != after.status {
            match (before.status, after.status) {
                (STATUS_ACTIVE, STATUS_FROZEN) => {
                    let s = settlement.expect("only a settlement freezes");
                    // no equity, or below the freeze floor: (lp_assets + 1) / (supply + 1) <
                    // floor of par
                    let floor = after.config.freeze_floor_bps as u128;
                    let below = s.lp_assets_after == 0
                        || (s.lp_assets_after as u128 + 1) * 10_000
                            < floor * (s.lp_supply as u128 + 1);
                    assert!(
                        s.socialized > 0 && below && s.lp_supply > 0,
                        "{op:?} froze a pool whose share price is at the floor: {s:?}"
                    );
                }
                (STATUS_FROZEN, STATUS_ACTIVE) => {
                    assert!(matches!(op, Op::Unfreeze), "{op:?} unfroze the pool");
                    // the share price back at the floor, or no LP shares left to protect
                    let supply = self.lp_supply();
                    let lp_assets = after.lp_assets().unwrap();
                    assert!(supply == 0 || !after.share_price_below_floor(lp_assets, supply));
                }
                (b, a) => panic!("{op:?}: status {b} -> {a}"),
            }
        }
        if before.pause_flags != after.pause_flags && lapsed.pause_flags != after.pause_flags {
            match op {
                Op::SetPause(flags) => assert_eq!(after.pause_flags, flags),
                _ => {
                    let s = settlement.unwrap_or_else(|| panic!("{op:?} changed the pause flags"));
                    assert!(s.breaker_tripped && s.socialized > 0);
                    assert_eq!(after.pause_flags, lapsed.pause_flags | pause::BREAKER);
                }
            }
        }
    }

    /// The books against the bank and every vault, the positions against the pool's
    /// totals, and token conservation per mint.
    pub(super) async fn check_books(&mut self) {
        self.fx.assert_books(&mut self.bank).await;
        let (pool, fund) = (self.pool(), self.fund());
        let a = self.fx.addrs;
        assert_eq!(
            self.balance(&a.base_vault),
            pool.cash + self.donated.base,
            "base vault = cash + donations"
        );
        assert_eq!(
            self.balance(&a.insurance_vault),
            fund.balance().unwrap() + self.donated.insurance,
            "insurance vault = ledger + donations"
        );
        let positions: Vec<Position> = (0..BORROWERS).map(|b| self.position(b)).collect();
        for slot in 0..ASSETS.len() {
            let deposited = pool.collaterals[slot].total_deposited;
            let held: u64 = positions.iter().map(|p| p.collateral[slot]).sum();
            assert_eq!(held, deposited, "slot {slot}: Σ holdings = total deposited");
            let vault = self.balance(&self.fx.collaterals[slot].vault);
            let forfeited = pool.collaterals[slot].forfeited;
            assert!(forfeited == 0 || pool.collaterals[slot].is_retired());
            assert_eq!(
                vault,
                deposited + forfeited + self.donated.collateral[slot],
                "slot {slot}: vault = total deposited + forfeited + donations"
            );
        }
        let scaled: u128 = positions.iter().map(|p| p.scaled_debt.get()).sum();
        assert_eq!(scaled, pool.total_scaled_debt.get(), "Σ scaled debt");
        let index = pool.borrow_index.get();
        let owed: u64 = positions.iter().map(|p| p.debt(index).unwrap()).sum();
        let total = pool.total_debt().unwrap();
        assert!(
            owed >= total && owed <= total + BORROWERS as u64,
            "Σ debts {owed} vs total debt {total}: at most one unit per position above"
        );
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
        self.check_insurance(&pool, &fund, &positions);
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
