//! The books through a loss and back: liquidations, bad-debt settlements (the loss ledger,
//! the freeze and the circuit breaker), recapitalizations and the reopening.
use super::Books;
use crate::replay::{give, same, take, Checked};
use lending_pool::{
    constants::pause,
    events::{BadDebtSettled, Liquidated, PoolUnfrozen, Recapitalized},
};

impl Books {
    /// The liquidator's repayment into `cash`, its fee into the insurance vault.
    pub(super) fn liquidated(&mut self, n: &'static str, e: &Liquidated) -> Checked {
        self.cash = give(n, "cash", self.cash, e.repaid)?;
        self.insurance_ledger = give(n, "insurance_balance", self.insurance_ledger, e.fee)?;
        same(n, "cash", self.cash, e.cash_after)?;
        self.total_debt = e.total_debt_after;
        Ok(())
    }

    /// A bankrupt position's debt written off: insurance first, then the LPs.
    pub(super) fn bad_debt_settled(&mut self, n: &'static str, e: &BadDebtSettled) -> Checked {
        self.check_before_settlement(n, e)?;
        self.settle(n, e)?;
        self.check_after_settlement(n, e)?;
        self.frozen = e.frozen;
        if e.breaker_tripped {
            self.pause_flags |= pause::BREAKER;
        }
        Ok(())
    }

    /// The settlement's books before it, and its split of the debt, equal the replay's.
    fn check_before_settlement(&self, n: &'static str, e: &BadDebtSettled) -> Checked {
        same(n, "lp_assets", self.lp_assets(), e.lp_assets_before)?;
        same(
            n,
            "insurance_balance",
            self.insurance_gross(),
            e.insurance_balance_before,
        )?;
        same(
            n,
            "insurance_pending",
            self.insurance_pending,
            e.insurance_pending_before,
        )?;
        same(n, "lp_supply", self.lp_supply, e.lp_supply_before)?;
        same(
            n,
            "covered",
            e.from_pending + e.from_insurance_vault,
            e.covered,
        )?;
        same(n, "debt", e.covered + e.socialized, e.debt)
    }

    /// The write-off: the insurance's part out of its pending share and its vault (into
    /// `cash`), the debt off the books, the loss ledger one settlement longer.
    fn settle(&mut self, n: &'static str, e: &BadDebtSettled) -> Checked {
        self.insurance_pending = take(
            n,
            "insurance_pending",
            self.insurance_pending,
            e.from_pending,
        )?;
        self.insurance_ledger = take(
            n,
            "insurance_balance",
            self.insurance_ledger,
            e.from_insurance_vault,
        )?;
        self.cash = give(n, "cash", self.cash, e.from_insurance_vault)?;
        self.total_debt = take(n, "total_debt", self.total_debt, e.debt)?;
        self.settlements += 1;
        self.total_covered = give(n, "total_insurance_paid", self.total_covered, e.covered)?;
        self.total_socialized = give(n, "total_socialized", self.total_socialized, e.socialized)?;
        Ok(())
    }

    /// The books and the loss ledger the settlement reports after it equal the replay's.
    fn check_after_settlement(&self, n: &'static str, e: &BadDebtSettled) -> Checked {
        same(n, "seq", self.settlements, e.seq)?;
        same(n, "lp_assets", self.lp_assets(), e.lp_assets_after)?;
        same(
            n,
            "insurance_balance",
            self.insurance_gross(),
            e.insurance_balance_after,
        )?;
        same(
            n,
            "share_price_wad",
            self.share_price_wad(),
            e.share_price_after_wad,
        )?;
        same(
            n,
            "total_insurance_paid",
            self.total_covered,
            e.total_insurance_paid,
        )?;
        same(
            n,
            "total_socialized",
            self.total_socialized,
            e.total_socialized,
        )
    }

    /// Base tokens given to the LPs (no shares minted), recorded as recovered.
    pub(super) fn recapitalized(&mut self, n: &'static str, e: &Recapitalized) -> Checked {
        same(n, "lp_assets", self.lp_assets(), e.lp_assets_before)?;
        self.cash = give(n, "cash", self.cash, e.amount)?;
        self.total_recovered = give(n, "total_recovered", self.total_recovered, e.amount)?;
        same(n, "lp_assets", self.lp_assets(), e.lp_assets_after)?;
        same(
            n,
            "total_recovered",
            self.total_recovered,
            e.total_recovered,
        )?;
        same(n, "lp_supply", self.lp_supply, e.lp_supply)?;
        self.frozen = e.frozen;
        Ok(())
    }

    /// A frozen pool reopened.
    pub(super) fn unfrozen(&mut self, n: &'static str, e: &PoolUnfrozen) -> Checked {
        same(n, "lp_assets", self.lp_assets(), e.lp_assets)?;
        self.frozen = false;
        Ok(())
    }
}
