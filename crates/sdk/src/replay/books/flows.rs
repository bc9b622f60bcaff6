//! The books' everyday flows: LP deposits and exits, interest and borrowers' debt, and the
//! insurance fund's donations, sweeps and stakes.
use super::Books;
use crate::replay::{give, same, take, Checked};
use lending_pool::events::{
    DebtChanged, FlashRepaid, InsuranceFunded, InsuranceSwept, InterestAccrued, LpBooks,
    LpDeposited,
};

impl Books {
    /// Base tokens in for newly minted shares.
    pub(super) fn lp_deposited(
        &mut self,
        n: &'static str,
        e: &LpDeposited,
        marked: u64,
    ) -> Checked {
        self.check_lp(n, &e.before, marked)?;
        self.cash = give(n, "cash", self.cash, e.assets)?;
        self.lp_supply = give(n, "lp_supply", self.lp_supply, e.shares)?;
        self.check_lp(n, &e.after, marked)
    }

    /// Base tokens out for burnt shares: a withdrawal, a redemption or a completed exit.
    pub(super) fn lp_out(
        &mut self,
        n: &'static str,
        (before, after): (&LpBooks, &LpBooks),
        assets: u64,
        shares: u64,
        marked: u64,
    ) -> Checked {
        self.check_lp(n, before, marked)?;
        self.cash = take(n, "cash", self.cash, assets)?;
        self.lp_supply = take(n, "lp_supply", self.lp_supply, shares)?;
        self.check_lp(n, after, marked)
    }

    /// Interest added to the debt, the insurance fund's share of it pending in `cash`.
    pub(super) fn interest_accrued(&mut self, n: &'static str, e: &InterestAccrued) -> Checked {
        same(n, "total_debt", self.total_debt, e.total_debt_before)?;
        self.total_debt = e.total_debt_after;
        self.insurance_pending = give(
            n,
            "insurance_pending",
            self.insurance_pending,
            e.to_insurance,
        )?;
        same(
            n,
            "insurance_pending",
            self.insurance_pending,
            e.insurance_pending_after,
        )
    }

    /// A borrow takes cash out, a repayment brings it back.
    pub(super) fn debt_changed(&mut self, n: &'static str, e: &DebtChanged) -> Checked {
        same(n, "cash", self.cash, e.cash_before)?;
        same(n, "total_debt", self.total_debt, e.total_debt_before)?;
        self.cash = if e.is_borrow {
            take(n, "cash", self.cash, e.amount)?
        } else {
            give(n, "cash", self.cash, e.amount)?
        };
        same(n, "cash", self.cash, e.cash_after)?;
        // the aggregate's rounding is the event's to report, not the replay's to guess
        self.total_debt = e.total_debt_after;
        Ok(())
    }

    /// A donation into the insurance vault.
    pub(super) fn insurance_funded(&mut self, n: &'static str, e: &InsuranceFunded) -> Checked {
        same(
            n,
            "insurance_balance",
            self.insurance_ledger,
            e.balance_before,
        )?;
        self.insurance_ledger = give(n, "insurance_balance", self.insurance_ledger, e.amount)?;
        same(
            n,
            "insurance_balance",
            self.insurance_ledger,
            e.balance_after,
        )
    }

    /// The fund's pending share of interest moved from `cash` into its vault.
    pub(super) fn insurance_swept(&mut self, n: &'static str, e: &InsuranceSwept) -> Checked {
        same(
            n,
            "insurance_pending",
            self.insurance_pending,
            e.insurance_pending_before,
        )?;
        self.insurance_pending = take(n, "insurance_pending", self.insurance_pending, e.amount)?;
        self.cash = take(n, "cash", self.cash, e.amount)?;
        self.insurance_ledger = give(n, "insurance_balance", self.insurance_ledger, e.amount)?;
        same(
            n,
            "insurance_pending",
            self.insurance_pending,
            e.insurance_pending_after,
        )?;
        same(n, "cash", self.cash, e.cash_after)?;
        same(
            n,
            "insurance_balance",
            self.insurance_ledger,
            e.insurance_balance_after,
        )
    }

    /// A stake's tokens into the insurance vault (its shares are `Stakes`' to count).
    pub(super) fn insurance_in(&mut self, n: &'static str, amount: u64) -> Checked {
        self.insurance_ledger = give(n, "insurance_balance", self.insurance_ledger, amount)?;
        Ok(())
    }

    /// An unstake's payout out of the insurance vault.
    pub(super) fn insurance_out(&mut self, n: &'static str, paid: u64) -> Checked {
        self.insurance_ledger = take(n, "insurance_balance", self.insurance_ledger, paid)?;
        Ok(())
    }

    /// A flash loan's repayment: its fee joins the fund's pending share, in the vault as
    /// cash (the loan itself never left the books: `FlashBorrowed` changes nothing).
    pub(super) fn flash_repaid(&mut self, n: &'static str, e: &FlashRepaid) -> Checked {
        self.cash = give(n, "cash", self.cash, e.fee)?;
        same(n, "cash", self.cash, e.cash_after)?;
        self.insurance_pending = give(n, "insurance_pending", self.insurance_pending, e.fee)?;
        same(
            n,
            "insurance_pending",
            self.insurance_pending,
            e.insurance_pending_after,
        )
    }
}
