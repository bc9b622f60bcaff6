//! The insurance side of the replay: every stake account's shares and pending request, the
//! fund's share totals and epoch, and every position's mark, from the events alone. Each
//! event's deltas are applied and its reported totals checked against the replay.
use super::Books;
use anchor_lang::{prelude::Pubkey, AnchorDeserialize, Discriminator};
use lending_pool::{events::*, math::to_assets_down};
use lending_pool_harness::*;
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StakeBooks {
    pub shares: u64,
    pub cooldown_shares: u64,
    pub epoch: u64,
}

#[derive(Debug, Default, PartialEq, Eq)]
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
    /// The fund's value net of the marks it would cover, from the replayed books.
    pub fn net(&self, books: &Books) -> u64 {
        let gross = books.insurance_gross();
        gross - self.marked_shortfall.min(gross)
    }

    /// A stake account as the program sees it: shares of an older epoch are worth nothing.
    fn stake(&mut self, key: Pubkey) -> &mut StakeBooks {
        let epoch = self.share_epoch;
        let st = self.stakes.entry(key).or_default();
        if st.epoch != epoch {
            *st = StakeBooks {
                epoch,
                ..StakeBooks::default()
            };
        }
        st
    }

    /// The fund's totals an event reports equal the replay's.
    fn check(&self, b: &InsuranceBooks, books: &Books) {
        assert_eq!(
            (
                b.total_shares,
                b.protocol_shares,
                b.cooldown_shares,
                b.share_epoch
            ),
            (
                self.total_shares,
                self.protocol_shares,
                self.cooldown_shares,
                self.share_epoch
            ),
            "replayed share totals"
        );
        let gross = books.insurance_gross();
        assert_eq!(
            (b.fund_gross, b.fund_covered),
            (gross, self.marked_shortfall.min(gross))
        );
    }

    /// One event, after `books` has applied it.
    pub fn apply_event(&mut self, bytes: &[u8], books: &Books) {
        let (disc, mut data) = bytes.split_at(8);
        macro_rules! is {
            ($t:ty) => {
                disc == <$t as Discriminator>::DISCRIMINATOR
            };
        }
        if is!(Staked) {
            let e = Staked::deserialize(&mut data).unwrap();
            // before the stake: the replay has booked its amount already
            assert_eq!(e.before.total_shares, self.total_shares);
            assert_eq!(e.before.fund_gross, books.insurance_gross() - e.amount);
            self.protocol_shares += e.protocol_shares_minted;
            self.total_shares += e.protocol_shares_minted + e.shares;
            let st = self.stake(e.stake);
            st.shares += e.shares;
            assert_eq!(st.shares, e.stake_shares_after);
            self.check(&e.after, books);
        } else if is!(UnstakeRequested) {
            let e = UnstakeRequested::deserialize(&mut data).unwrap();
            let st = self.stake(e.stake);
            assert_eq!(st.cooldown_shares, 0);
            st.cooldown_shares = e.shares;
            self.cooldown_shares += e.shares;
            // the value fixed at the request is the shares' value, net of covered marks
            let worth = to_assets_down(e.shares, self.net(books), self.total_shares).unwrap();
            assert_eq!(e.value_at_request, worth);
            self.check(&e.books, books);
        } else if is!(UnstakeCancelled) {
            let e = UnstakeCancelled::deserialize(&mut data).unwrap();
            let st = self.stake(e.stake);
            assert_eq!(st.cooldown_shares, e.shares);
            st.cooldown_shares = 0;
            st.shares -= e.shares_burnt;
            assert_eq!(st.shares, e.stake_shares_after);
            self.cooldown_shares -= e.shares;
            self.total_shares -= e.shares_burnt;
            self.check(&e.books, books);
        } else if is!(Unstaked) {
            let e = Unstaked::deserialize(&mut data).unwrap();
            let st = self.stake(e.stake);
            assert_eq!(st.cooldown_shares, e.shares);
            st.cooldown_shares = 0;
            st.shares -= e.shares;
            assert_eq!(st.shares, e.stake_shares_after);
            assert_eq!(e.paid, e.value_at_request.min(e.value_now));
            self.cooldown_shares -= e.shares;
            self.total_shares -= e.shares;
            self.check(&e.after, books);
            assert_eq!(e.before.fund_gross, e.after.fund_gross + e.paid);
        } else if is!(ShortfallMarked) {
            let e = ShortfallMarked::deserialize(&mut data).unwrap();
            let mark = self.marks.entry(e.position).or_default();
            assert_eq!(*mark, e.shortfall_before, "replayed mark");
            *mark = e.shortfall_after;
            assert_eq!(self.marked_shortfall, e.marked_shortfall_before);
            self.marked_shortfall = self.marked_shortfall - e.shortfall_before + e.shortfall_after;
            assert_eq!(self.marked_shortfall, e.marked_shortfall_after);
        } else if is!(BadDebtSettled) {
            let e = BadDebtSettled::deserialize(&mut data).unwrap();
            let mark = self.marks.entry(e.position).or_default();
            assert_eq!(*mark, e.mark_released, "a settlement releases the mark");
            *mark = 0;
            self.marked_shortfall -= e.mark_released;
            assert_eq!(self.marked_shortfall, e.marked_shortfall_after);
            // a settlement that empties the fund ends the share epoch
            if books.insurance_gross() == 0 && self.total_shares > 0 {
                self.share_epoch += 1;
                (
                    self.total_shares,
                    self.protocol_shares,
                    self.cooldown_shares,
                ) = (0, 0, 0);
            }
            assert_eq!(
                (self.total_shares, self.share_epoch),
                (e.insurance_total_shares, e.insurance_share_epoch)
            );
        }
    }

    /// Every stake account, the fund's shares, the pool's marks and every staker's value equal
    /// the chain's.
    pub async fn assert_matches_chain(
        &self,
        bank: &mut Bank,
        fx: &PoolFixture,
        books: &Books,
        stakers: &[&Staker],
        positions: &[Pubkey],
    ) {
        let (pool, fund) = (fx.pool(bank).await, fx.insurance(bank).await);
        assert_eq!(
            (
                fund.total_shares,
                fund.protocol_shares,
                fund.cooldown_shares,
                fund.share_epoch
            ),
            (
                self.total_shares,
                self.protocol_shares,
                self.cooldown_shares,
                self.share_epoch
            )
        );
        let value = pool.insurance_value(fund.balance().unwrap()).unwrap();
        assert_eq!(value.gross, books.insurance_gross());
        assert_eq!(value.net(), self.net(books));
        assert_eq!(pool.marked_shortfall, self.marked_shortfall);
        for p in positions {
            let replayed = self.marks.get(p).copied().unwrap_or_default();
            assert_eq!(bank.position(p).await.marked_shortfall, replayed);
        }
        for s in stakers {
            let replayed = self
                .stakes
                .get(&s.stake)
                .filter(|st| st.epoch == self.share_epoch)
                .copied()
                .unwrap_or_default();
            let st = fx.stake_account(bank, s).await;
            let chain = if st.share_epoch == fund.share_epoch {
                (st.shares, st.cooldown_shares)
            } else {
                (0, 0)
            };
            assert_eq!(chain, (replayed.shares, replayed.cooldown_shares));
            let worth = to_assets_down(replayed.shares, self.net(books), self.total_shares);
            assert_eq!(worth.unwrap(), fx.stake_value(bank, s).await);
        }
    }
}
