//! The insurance side of a pool replayed from its events: every stake account's shares and
//! pending request, the fund's share totals and epoch, and every position's mark.
use super::{give, same, take, within, Books, Checked};
use crate::program_events::ProgramEvent;
use anchor_lang::prelude::Pubkey;
use lending_pool::{
    events::{
        BadDebtSettled, InsuranceBooks, InterestAccrued, ShortfallMarked, Staked, UnstakeCancelled,
        UnstakeRequested, Unstaked,
    },
    math::to_assets_down,
};
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StakeBooks {
    pub staker: Pubkey,
    pub shares: u64,
    pub cooldown_shares: u64,
    pub epoch: u64,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stakes {
    /// By stake account.
    pub stakes: BTreeMap<Pubkey, StakeBooks>,
    pub total_shares: u64,
    pub protocol_shares: u64,
    pub cooldown_shares: u64,
    pub share_epoch: u64,
    /// By position.
    pub marks: BTreeMap<Pubkey, u64>,
    pub marked_shortfall: u64,
}

impl Stakes {
    /// The fund's value net of the marks it would cover.
    pub fn net(&self, books: &Books) -> u64 {
        let gross = books.insurance_gross();
        gross - self.marked_shortfall.min(gross)
    }

    /// What `shares` of the fund are worth now, net of the covered marks (rounded down).
    pub fn value_of(&self, shares: u64, books: &Books) -> u64 {
        to_assets_down(shares, self.net(books), self.total_shares).unwrap_or(0)
    }

    /// A stake account's shares of the current epoch (older epochs' shares are worth nothing).
    pub fn current(&self, stake: &Pubkey) -> StakeBooks {
        self.stakes
            .get(stake)
            .filter(|s| s.epoch == self.share_epoch)
            .copied()
            .unwrap_or_default()
    }

    /// A stake account as the program sees it: shares of an older epoch are worth nothing.
    fn stake(&mut self, key: Pubkey, staker: Pubkey) -> &mut StakeBooks {
        let epoch = self.share_epoch;
        let st = self.stakes.entry(key).or_default();
        if st.epoch != epoch {
            *st = StakeBooks {
                epoch,
                ..StakeBooks::default()
            };
        }
        st.staker = staker;
        st
    }

    /// A stake's pending request of `shares` ends (cancelled or paid): they leave the
    /// cooldown, and `removed` of the stake's shares leave it and the fund's total (a
    /// cancellation removes the shares it burns, a payout all of them).
    fn close_request(
        &mut self,
        n: &'static str,
        (stake, staker): (Pubkey, Pubkey),
        shares: u64,
        removed: u64,
        stake_shares_after: u64,
    ) -> Checked {
        let st = self.stake(stake, staker);
        same(n, "stake_cooldown_shares", st.cooldown_shares, shares)?;
        st.cooldown_shares = 0;
        st.shares = take(n, "stake_shares", st.shares, removed)?;
        same(n, "stake_shares", st.shares, stake_shares_after)?;
        self.cooldown_shares = take(n, "insurance_cooldown_shares", self.cooldown_shares, shares)?;
        self.total_shares = take(n, "insurance_total_shares", self.total_shares, removed)?;
        Ok(())
    }

    /// The fund's totals an event reports equal the replay's.
    fn check(&self, n: &'static str, b: &InsuranceBooks, books: &Books) -> Checked {
        same(
            n,
            "insurance_total_shares",
            self.total_shares,
            b.total_shares,
        )?;
        same(
            n,
            "insurance_protocol_shares",
            self.protocol_shares,
            b.protocol_shares,
        )?;
        same(
            n,
            "insurance_cooldown_shares",
            self.cooldown_shares,
            b.cooldown_shares,
        )?;
        same(n, "insurance_share_epoch", self.share_epoch, b.share_epoch)?;
        let gross = books.insurance_gross();
        same(n, "insurance_gross", gross, b.fund_gross)?;
        same(
            n,
            "insurance_covered",
            self.marked_shortfall.min(gross),
            b.fund_covered,
        )
    }

    /// One event, after `books` has applied it.
    pub fn apply(&mut self, event: &ProgramEvent, books: &Books) -> Checked {
        use ProgramEvent as E;
        let n = event.name();
        match event {
            E::Staked(e) => self.staked(n, e, books),
            E::UnstakeRequested(e) => self.unstake_requested(n, e, books),
            E::UnstakeCancelled(e) => self.unstake_cancelled(n, e, books),
            E::Unstaked(e) => self.unstaked(n, e, books),
            E::ShortfallMarked(e) => self.shortfall_marked(n, e),
            E::InterestAccrued(e) => self.interest_accrued(n, e),
            E::BadDebtSettled(e) => self.bad_debt_settled(n, e, books),
            _ => Ok(()),
        }
    }

    /// New shares for the staker, and the protocol's shares minted first.
    fn staked(&mut self, n: &'static str, e: &Staked, books: &Books) -> Checked {
        // before the stake: the books have taken its amount already
        same(
            n,
            "insurance_total_shares",
            self.total_shares,
            e.before.total_shares,
        )?;
        same(
            n,
            "insurance_gross",
            books.insurance_gross().saturating_sub(e.amount),
            e.before.fund_gross,
        )?;
        self.protocol_shares = give(
            n,
            "insurance_protocol_shares",
            self.protocol_shares,
            e.protocol_shares_minted,
        )?;
        self.total_shares = give(
            n,
            "insurance_total_shares",
            self.total_shares,
            e.protocol_shares_minted + e.shares,
        )?;
        let st = self.stake(e.stake, e.staker);
        st.shares = give(n, "stake_shares", st.shares, e.shares)?;
        same(n, "stake_shares", st.shares, e.stake_shares_after)?;
        self.check(n, &e.after, books)
    }

    /// Shares into the cooldown, their value fixed at the request.
    fn unstake_requested(
        &mut self,
        n: &'static str,
        e: &UnstakeRequested,
        books: &Books,
    ) -> Checked {
        let st = self.stake(e.stake, e.staker);
        same(n, "stake_cooldown_shares", st.cooldown_shares, 0u64)?;
        st.cooldown_shares = e.shares;
        self.cooldown_shares = give(
            n,
            "insurance_cooldown_shares",
            self.cooldown_shares,
            e.shares,
        )?;
        // the value fixed at the request is the shares' value, net of covered marks
        same(
            n,
            "value_at_request",
            self.value_of(e.shares, books),
            e.value_at_request,
        )?;
        self.check(n, &e.books, books)
    }

    /// A request taken back: its shares leave the cooldown, less those burnt (a gain made
    /// during the cooldown).
    fn unstake_cancelled(
        &mut self,
        n: &'static str,
        e: &UnstakeCancelled,
        books: &Books,
    ) -> Checked {
        self.close_request(
            n,
            (e.stake, e.staker),
            e.shares,
            e.shares_burnt,
            e.stake_shares_after,
        )?;
        self.check(n, &e.books, books)
    }

    /// A request paid (the lesser of its value then and now): its shares leave the fund.
    fn unstaked(&mut self, n: &'static str, e: &Unstaked, books: &Books) -> Checked {
        same(n, "paid", e.value_at_request.min(e.value_now), e.paid)?;
        self.close_request(
            n,
            (e.stake, e.staker),
            e.shares,
            e.shares,
            e.stake_shares_after,
        )?;
        self.check(n, &e.after, books)?;
        same(
            n,
            "insurance_gross",
            e.after.fund_gross + e.paid,
            e.before.fund_gross,
        )
    }

    /// A position's mark set anew, and the pool's total with it.
    fn shortfall_marked(&mut self, n: &'static str, e: &ShortfallMarked) -> Checked {
        // between its events a mark only grows (with the borrow index)
        let mark = self.marks.entry(e.position).or_default();
        within(n, "position_mark", *mark, u64::MAX, e.shortfall_before)?;
        *mark = e.shortfall_after;
        same(
            n,
            "marked_shortfall",
            self.marked_shortfall,
            e.marked_shortfall_before,
        )?;
        // the pool's total moves as the position's does, but for the rounding of
        // the aggregate (one unit either way)
        let moved = take(
            n,
            "marked_shortfall",
            give(
                n,
                "marked_shortfall",
                self.marked_shortfall,
                e.shortfall_after,
            )?,
            e.shortfall_before,
        )?;
        within(
            n,
            "marked_shortfall",
            moved.saturating_sub(1),
            2,
            e.marked_shortfall_after,
        )?;
        self.marked_shortfall = e.marked_shortfall_after;
        Ok(())
    }

    /// Interest grows the marks with the borrow index: the pool's total only rises.
    fn interest_accrued(&mut self, n: &'static str, e: &InterestAccrued) -> Checked {
        same(
            n,
            "marked_shortfall",
            self.marked_shortfall,
            e.marked_shortfall_before,
        )?;
        within(
            n,
            "marked_shortfall",
            self.marked_shortfall,
            u64::MAX,
            e.marked_shortfall_after,
        )?;
        self.marked_shortfall = e.marked_shortfall_after;
        Ok(())
    }

    /// A settlement releases the position's mark; one that empties the fund ends the
    /// share epoch.
    fn bad_debt_settled(&mut self, n: &'static str, e: &BadDebtSettled, books: &Books) -> Checked {
        let mark = self.marks.entry(e.position).or_default();
        within(n, "mark_released", *mark, u64::MAX, e.mark_released)?;
        *mark = 0;
        let left = take(
            n,
            "marked_shortfall",
            self.marked_shortfall,
            e.mark_released,
        )?;
        within(n, "marked_shortfall", left, 1, e.marked_shortfall_after)?;
        self.marked_shortfall = e.marked_shortfall_after;
        if books.insurance_gross() == 0 && self.total_shares > 0 {
            self.share_epoch += 1;
            (
                self.total_shares,
                self.protocol_shares,
                self.cooldown_shares,
            ) = (0, 0, 0);
        }
        same(
            n,
            "insurance_total_shares",
            self.total_shares,
            e.insurance_total_shares,
        )?;
        same(
            n,
            "insurance_share_epoch",
            self.share_epoch,
            e.insurance_share_epoch,
        )
    }
}
