//! The LP side of a pool replayed from its events: cash, debt, the insurance claims, the LP
//! supply, the loss ledger and the pool's state flags.
use super::{give, same, take, Checked};
use crate::program_events::ProgramEvent;
use lending_pool::{constants::pause, events::LpBooks, math::share_price_wad_down};

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

    /// One event's effect; `marked` is the pool's marked shortfall replayed so far.
    pub fn apply(&mut self, event: &ProgramEvent, marked: u64) -> Checked {
        use ProgramEvent as E;
        let n = event.name();
        match event {
            E::PoolInitialized(_) => {}
            E::LpDeposited(e) => {
                self.check_lp(n, &e.before, marked)?;
                self.cash = give(n, "cash", self.cash, e.assets)?;
                self.lp_supply = give(n, "lp_supply", self.lp_supply, e.shares)?;
                self.check_lp(n, &e.after, marked)?;
            }
            E::LpWithdrawn(e) => {
                self.check_lp(n, &e.before, marked)?;
                self.cash = take(n, "cash", self.cash, e.assets)?;
                self.lp_supply = take(n, "lp_supply", self.lp_supply, e.shares)?;
                self.check_lp(n, &e.after, marked)?;
            }
            E::ExitCompleted(e) => {
                self.check_lp(n, &e.before, marked)?;
                self.cash = take(n, "cash", self.cash, e.assets)?;
                self.lp_supply = take(n, "lp_supply", self.lp_supply, e.shares)?;
                self.check_lp(n, &e.after, marked)?;
            }
            // a request moves shares into its escrow (still in the supply): books unchanged
            E::ExitRequested(e) => self.check_lp(n, &e.books, marked)?,
            E::InterestAccrued(e) => {
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
                )?;
            }
            E::DebtChanged(e) => {
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
            }
            E::InsuranceFunded(e) => {
                same(
                    n,
                    "insurance_balance",
                    self.insurance_ledger,
                    e.balance_before,
                )?;
                self.insurance_ledger =
                    give(n, "insurance_balance", self.insurance_ledger, e.amount)?;
                same(
                    n,
                    "insurance_balance",
                    self.insurance_ledger,
                    e.balance_after,
                )?;
            }
            E::InsuranceSwept(e) => {
                same(
                    n,
                    "insurance_pending",
                    self.insurance_pending,
                    e.insurance_pending_before,
                )?;
                self.insurance_pending =
                    take(n, "insurance_pending", self.insurance_pending, e.amount)?;
                self.cash = take(n, "cash", self.cash, e.amount)?;
                self.insurance_ledger =
                    give(n, "insurance_balance", self.insurance_ledger, e.amount)?;
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
                )?;
            }
            E::Staked(e) => {
                self.insurance_ledger =
                    give(n, "insurance_balance", self.insurance_ledger, e.amount)?;
            }
            E::Unstaked(e) => {
                self.insurance_ledger =
                    take(n, "insurance_balance", self.insurance_ledger, e.paid)?;
            }
            E::Liquidated(e) => {
                self.cash = give(n, "cash", self.cash, e.repaid)?;
                self.insurance_ledger = give(n, "insurance_balance", self.insurance_ledger, e.fee)?;
                same(n, "cash", self.cash, e.cash_after)?;
                self.total_debt = e.total_debt_after;
            }
            E::BadDebtSettled(e) => {
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
                same(n, "debt", e.covered + e.socialized, e.debt)?;
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
                self.total_covered =
                    give(n, "total_insurance_paid", self.total_covered, e.covered)?;
                self.total_socialized =
                    give(n, "total_socialized", self.total_socialized, e.socialized)?;
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
                )?;
                self.frozen = e.frozen;
                if e.breaker_tripped {
                    self.pause_flags |= pause::BREAKER;
                }
            }
            E::Recapitalized(e) => {
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
            }
            E::PoolUnfrozen(e) => {
                same(n, "lp_assets", self.lp_assets(), e.lp_assets)?;
                self.frozen = false;
            }
            E::PauseFlagsSet(e) => {
                same(n, "pause_flags", self.pause_flags, e.before)?;
                self.pause_flags = e.after;
                self.guardian_pause_flags = e.guardian_flags;
                self.guardian_pause_expires_ts = e.guardian_expires_ts;
            }
            // the loan is counted as owed: `cash` does not move while it is out
            E::FlashBorrowed(e) => same(n, "cash", self.cash, e.cash)?,
            // the fee joins the fund's pending share, in the vault as cash
            E::FlashRepaid(e) => {
                self.cash = give(n, "cash", self.cash, e.fee)?;
                same(n, "cash", self.cash, e.cash_after)?;
                self.insurance_pending =
                    give(n, "insurance_pending", self.insurance_pending, e.fee)?;
                same(
                    n,
                    "insurance_pending",
                    self.insurance_pending,
                    e.insurance_pending_after,
                )?;
            }
            E::PausesLapsed(e) => {
                same(n, "pause_flags", self.pause_flags, e.before)?;
                self.pause_flags = e.after;
                (self.guardian_pause_flags, self.guardian_pause_expires_ts) = (0, 0);
            }
            // no effect on the books: configuration, keys, positions, collateral, marks and
            // the insurance shares (`Stakes`)
            E::ConfigUpdated(_)
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
            | E::StakeClosed(_) => {}
        }
        Ok(())
    }
}
