//! The LP side of a pool replayed from its events: cash, debt, the insurance claims, the LP
//! supply, the loss ledger and the pool's state flags.
mod flows;
mod losses;

use super::{same, Checked};
use crate::program_events::ProgramEvent;
use lending_pool::{
    events::{LpBooks, PauseFlagsSet, PausesLapsed},
    math::share_price_wad_down,
};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Books {
    pub cash: u64,
    pub total_debt: u64,
    pub insurance_pending: u64,
    /// The insurance fund's ledger balance (its vault).
    pub insurance_ledger: u64,
    pub lp_supply: u64,
    /// The loss ledger: settlements so far, what insurance paid, what LPs lost, what
    /// recapitalizations gave back.
    pub settlements: u64,
    pub total_covered: u64,
    pub total_socialized: u64,
    pub total_recovered: u64,
    pub pause_flags: u16,
    /// The guardian's flags among them and when they lapse (0: none).
    pub guardian_pause_flags: u16,
    pub guardian_pause_expires_ts: i64,
    pub frozen: bool,
}

impl Books {
    /// `cash + total_debt − insurance_pending` (saturating: a replay that diverged may not
    /// hold it).
    pub fn lp_assets(&self) -> u64 {
        (self.cash.saturating_add(self.total_debt)).saturating_sub(self.insurance_pending)
    }

    /// Insurance claims: the vault ledger and the interest share still held in `cash`.
    pub fn insurance_gross(&self) -> u64 {
        self.insurance_ledger.saturating_add(self.insurance_pending)
    }

    pub fn share_price_wad(&self) -> u128 {
        share_price_wad_down(self.lp_assets(), self.lp_supply).unwrap_or(u128::MAX)
    }

    /// An LP flow's reported books after it equal the replay's.
    fn check_lp(&self, event: &'static str, b: &LpBooks, marked: u64) -> Checked {
        same(event, "cash", self.cash, b.cash)?;
        same(event, "total_debt", self.total_debt, b.total_debt)?;
        same(
            event,
            "insurance_pending",
            self.insurance_pending,
            b.insurance_pending,
        )?;
        same(event, "lp_assets", self.lp_assets(), b.lp_assets)?;
        same(event, "lp_supply", self.lp_supply, b.lp_supply)?;
        same(
            event,
            "share_price_wad",
            self.share_price_wad(),
            b.share_price_wad,
        )?;
        same(event, "marked_shortfall", marked, b.marked_shortfall)
    }

    /// One event's effect; `marked` is the pool's marked shortfall replayed so far. Each
    /// group of events has its handlers: the LPs' and borrowers' flows (`flows`), the
    /// losses and the recovery from them (`losses`), and the pause flags (here).
    pub fn apply(&mut self, event: &ProgramEvent, marked: u64) -> Checked {
        use ProgramEvent as E;
        let n = event.name();
        match event {
            E::LpDeposited(e) => self.lp_deposited(n, e, marked),
            E::LpWithdrawn(e) => self.lp_out(n, (&e.before, &e.after), e.assets, e.shares, marked),
            E::ExitCompleted(e) => {
                self.lp_out(n, (&e.before, &e.after), e.assets, e.shares, marked)
            }
            // a request moves shares into its escrow (still in the supply): books unchanged
            E::ExitRequested(e) => self.check_lp(n, &e.books, marked),
            E::InterestAccrued(e) => self.interest_accrued(n, e),
            E::DebtChanged(e) => self.debt_changed(n, e),
            E::InsuranceFunded(e) => self.insurance_funded(n, e),
            E::InsuranceSwept(e) => self.insurance_swept(n, e),
            E::Staked(e) => self.insurance_in(n, e.amount),
            E::Unstaked(e) => self.insurance_out(n, e.paid),
            E::Liquidated(e) => self.liquidated(n, e),
            E::BadDebtSettled(e) => self.bad_debt_settled(n, e),
            E::Recapitalized(e) => self.recapitalized(n, e),
            E::PoolUnfrozen(e) => self.unfrozen(n, e),
            E::PauseFlagsSet(e) => self.pause_flags_set(n, e),
            E::PausesLapsed(e) => self.pauses_lapsed(n, e),
            // the loan is counted as owed: `cash` does not move while it is out
            E::FlashBorrowed(e) => same(n, "cash", self.cash, e.cash),
            E::FlashRepaid(e) => self.flash_repaid(n, e),
            // no effect on the books: configuration, keys, positions, collateral, marks and
            // the insurance shares (`Stakes`)
            E::PoolInitialized(_)
            | E::ConfigUpdated(_)
            | E::GuardianSet(_)
            | E::AdminTransferProposed(_)
            | E::AdminTransferAccepted(_)
            | E::CollateralAdded(_)
            | E::CollateralUpdated(_)
            | E::CollateralRetired(_)
            | E::ExitCancelled(_)
            | E::PositionOpened(_)
            | E::PositionClosed(_)
            | E::CollateralChanged(_)
            | E::ShortfallMarked(_)
            | E::UnstakeRequested(_)
            | E::UnstakeCancelled(_)
            | E::StakeClosed(_) => Ok(()),
        }
    }

    /// The admin's or guardian's new pause flags (the guardian's lapse).
    fn pause_flags_set(&mut self, n: &'static str, e: &PauseFlagsSet) -> Checked {
        same(n, "pause_flags", self.pause_flags, e.before)?;
        self.pause_flags = e.after;
        self.guardian_pause_flags = e.guardian_flags;
        self.guardian_pause_expires_ts = e.guardian_expires_ts;
        Ok(())
    }

    /// The guardian's flags lapsed: the admin's stay.
    fn pauses_lapsed(&mut self, n: &'static str, e: &PausesLapsed) -> Checked {
        same(n, "pause_flags", self.pause_flags, e.before)?;
        self.pause_flags = e.after;
        (self.guardian_pause_flags, self.guardian_pause_expires_ts) = (0, 0);
        Ok(())
    }
}
