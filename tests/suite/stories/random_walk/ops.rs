//! The transactions a step becomes (`Op`), the holders and vaults they name, and the
//! instruction each one sends.
use super::world::Walk;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use anchor_spl::token::spl_token;
use lending_pool::state::{CollateralParams, Position};
use lending_pool_sdk::{ix, prices};
use lending_pool_testkit::*;

/// Who holds base tokens (donors, recapitalizers).
#[derive(Clone, Copy, Debug)]
pub(super) enum Holder {
    Lp(usize),
    Borrower(usize),
    Liquidator(usize),
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Vault {
    Base,
    Insurance,
    Collateral(usize),
}

/// One transaction, with its amounts fixed.
#[derive(Clone, Copy, Debug)]
pub(super) enum Op {
    Deposit {
        lp: usize,
        amount: u64,
    },
    Withdraw {
        lp: usize,
        assets: u64,
    },
    Redeem {
        lp: usize,
        shares: u64,
    },
    DepositCollateral {
        b: usize,
        slot: usize,
        amount: u64,
    },
    WithdrawCollateral {
        b: usize,
        slot: usize,
        amount: u64,
    },
    Borrow {
        b: usize,
        amount: u64,
    },
    Repay {
        b: usize,
        amount: u64,
    },
    Liquidate {
        liq: usize,
        b: usize,
        slot: usize,
        repay: u64,
    },
    Settle {
        b: usize,
    },
    Sweep,
    FundInsurance {
        who: Holder,
        amount: u64,
    },
    Recapitalize {
        who: Holder,
        amount: u64,
    },
    Unfreeze,
    SetPause(u16),
    Stake {
        s: usize,
        amount: u64,
    },
    RequestUnstake {
        s: usize,
        shares: u64,
    },
    CancelUnstake {
        s: usize,
    },
    /// Paid into the staker's base account.
    Unstake {
        s: usize,
    },
    /// `mark_shortfall` of borrower `b`'s position, sent by `who`.
    Mark {
        who: Holder,
        b: usize,
    },
    /// LP `lp` requests the exit of `shares` (a stressed pool), completes or cancels it.
    RequestExit {
        lp: usize,
        shares: u64,
    },
    CompleteExit {
        lp: usize,
    },
    CancelExit {
        lp: usize,
    },
    /// The admin delists collateral `slot` (LTV 0, the rest of its parameters kept).
    Delist {
        slot: usize,
    },
    /// The admin's `retire_collateral`.
    Retire {
        slot: usize,
    },
    /// A plain SPL transfer into a vault (collateral from a borrower's or liquidator's
    /// account of that mint, base from `who`'s base account).
    Donate {
        who: Holder,
        vault: Vault,
        amount: u64,
    },
}

impl Walk {
    /// The oracle of each slot `pos` holds, in slot order (as the program expects them).
    fn held_oracles(&self, pos: &Position) -> Vec<Pubkey> {
        let of_slot: Vec<Pubkey> = self.fx.collaterals.iter().map(|c| c.oracle).collect();
        prices::oracle_accounts(&self.pool(), pos, &of_slot)
    }

    /// The instruction for `op` and the key that signs it.
    pub(super) async fn instruction(&mut self, op: Op) -> (Instruction, TestKeypair) {
        let fx = &self.fx;
        let a = &fx.addrs;
        let guardian = || fx.guardian.insecure_clone();
        match op {
            Op::Deposit { lp, amount } => {
                let u = &self.lps[lp];
                (fx.deposit_ix(u, amount, 0), u.key.insecure_clone())
            }
            Op::Withdraw { lp, assets } => {
                let u = &self.lps[lp];
                (fx.withdraw_ix(u, assets, u64::MAX), u.key.insecure_clone())
            }
            Op::Redeem { lp, shares } => {
                let u = &self.lps[lp];
                (fx.redeem_ix(u, shares, 0), u.key.insecure_clone())
            }
            Op::DepositCollateral { b, slot, amount } => {
                let pos = self.position(b);
                let b = &self.borrowers[b];
                let ix = if pos.marked_shortfall > 0 {
                    // re-marked: the base oracle, then the slots held after the deposit
                    let mut after = pos;
                    after.collateral[slot] = after.collateral[slot].saturating_add(amount);
                    let c = &fx.collaterals[slot];
                    ix::deposit_collateral(
                        &a.pool,
                        &b.position,
                        &b.key.pubkey(),
                        &c.vault,
                        &b.collateral[slot],
                        &fx.base_oracle,
                        &self.held_oracles(&after),
                        slot as u8,
                        amount,
                    )
                } else {
                    fx.deposit_collateral_ix(b, slot as u8, amount)
                };
                (ix, b.key.insecure_clone())
            }
            Op::WithdrawCollateral { b, slot, amount } => {
                let b = &self.borrowers[b];
                let ix = fx
                    .withdraw_collateral_ix(&mut self.bank, b, slot as u8, amount)
                    .await;
                (ix, b.key.insecure_clone())
            }
            Op::Borrow { b, amount } => {
                let b = &self.borrowers[b];
                let ix = fx.borrow_ix(&mut self.bank, b, amount).await;
                (ix, b.key.insecure_clone())
            }
            Op::Repay { b, amount } => {
                let b = &self.borrowers[b];
                (fx.repay_ix(b, amount), b.key.insecure_clone())
            }
            Op::Liquidate {
                liq,
                b,
                slot,
                repay,
            } => {
                let l = &self.liquidators[liq];
                let ix = fx
                    .liquidate_by_ix(&mut self.bank, l, &self.borrowers[b], slot as u8, repay, 0)
                    .await;
                (ix, l.user.key.insecure_clone())
            }
            Op::Settle { b } => (
                ix::settle_bad_debt(a, &self.borrowers[b].position),
                self.bank.payer(),
            ),
            Op::Sweep => (ix::sweep_insurance(a), self.bank.payer()),
            Op::FundInsurance { who, amount } => {
                let key = self.key_of(who).insecure_clone();
                let ix = ix::fund_insurance(a, &key.pubkey(), &self.base_of(who), amount);
                (ix, key)
            }
            Op::Recapitalize { who, amount } => {
                let key = self.key_of(who).insecure_clone();
                let ix = ix::recapitalize(a, &key.pubkey(), &self.base_of(who), amount, u64::MAX);
                (ix, key)
            }
            Op::Unfreeze => (ix::unfreeze(a, &fx.guardian.pubkey()), guardian()),
            Op::RequestExit { lp, shares } => {
                let u = &self.lps[lp];
                (fx.request_exit_ix(u, shares, 0), u.key.insecure_clone())
            }
            Op::CompleteExit { lp } => {
                let u = &self.lps[lp];
                (fx.complete_exit_ix(u), u.key.insecure_clone())
            }
            Op::CancelExit { lp } => {
                let u = &self.lps[lp];
                (fx.cancel_exit_ix(u), u.key.insecure_clone())
            }
            Op::Delist { slot } => {
                let params = CollateralParams {
                    ltv_bps: 0,
                    ..self.pool().collaterals[slot].params()
                };
                let ix = ix::update_collateral(&a.pool, &fx.admin.pubkey(), slot as u8, params);
                (ix, fx.admin.insecure_clone())
            }
            Op::Retire { slot } => {
                let ix = ix::retire_collateral(&a.pool, &fx.admin.pubkey(), slot as u8);
                (ix, fx.admin.insecure_clone())
            }
            Op::SetPause(flags) => (
                ix::set_pause(&a.pool, &fx.guardian.pubkey(), flags),
                guardian(),
            ),
            Op::Stake { s, amount } => {
                let u = &self.stakers[s];
                let ix = ix::stake(a, &u.key.pubkey(), &u.base, amount, 0);
                (ix, u.key.insecure_clone())
            }
            Op::RequestUnstake { s, shares } => {
                let u = &self.stakers[s];
                let ix = ix::request_unstake(a, &u.key.pubkey(), shares, 0);
                (ix, u.key.insecure_clone())
            }
            Op::CancelUnstake { s } => {
                let u = &self.stakers[s];
                (
                    ix::cancel_unstake(a, &u.key.pubkey()),
                    u.key.insecure_clone(),
                )
            }
            Op::Unstake { s } => {
                let u = &self.stakers[s];
                (
                    ix::unstake(a, &u.key.pubkey(), &u.base),
                    u.key.insecure_clone(),
                )
            }
            Op::Mark { who, b } => {
                let key = self.key_of(who).insecure_clone();
                let oracles = self.held_oracles(&self.position(b));
                let position = &self.borrowers[b].position;
                let ix =
                    ix::mark_shortfall(&a.pool, position, &key.pubkey(), &fx.base_oracle, &oracles);
                (ix, key)
            }
            Op::Donate { who, vault, amount } => {
                let (from, to) = self.donation_accounts(who, vault);
                let key = self.key_of(who).insecure_clone();
                let ix = spl_token::instruction::transfer(
                    &spl_token::ID,
                    &from,
                    &to,
                    &key.pubkey(),
                    &[],
                    amount,
                )
                .expect("transfer");
                (ix, key)
            }
        }
    }
}
