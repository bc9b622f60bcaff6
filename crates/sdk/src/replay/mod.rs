//! A pool's books rebuilt from its events alone: what an indexer holds. Each event's deltas
//! are applied, and every total the event reports is checked against the replay: a
//! difference is a [`Divergence`] (the replay or the events are wrong), never a guess.
//! [`PoolReplay::chain_divergences`] compares the replay with the accounts themselves.
mod books;
mod chain;
mod stakes;

pub use books::Books;
pub use chain::ChainBooks;
pub use stakes::{StakeBooks, Stakes};

use crate::program_events::ProgramEvent;
use anchor_lang::prelude::Pubkey;

/// An event whose reported value is not what the replay holds, or whose delta the replay
/// cannot apply (an amount out of more than there is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Divergence {
    pub event: &'static str,
    pub what: &'static str,
    pub replayed: u128,
    pub reported: u128,
}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} replayed {} but reported {}",
            self.event, self.what, self.replayed, self.reported
        )
    }
}

impl std::error::Error for Divergence {}

pub type Checked<T = ()> = Result<T, Divergence>;

/// `reported == replayed`, or the divergence.
pub(crate) fn same(
    event: &'static str,
    what: &'static str,
    replayed: impl Into<u128>,
    reported: impl Into<u128>,
) -> Checked {
    let (replayed, reported) = (replayed.into(), reported.into());
    if replayed == reported {
        Ok(())
    } else {
        Err(Divergence {
            event,
            what,
            replayed,
            reported,
        })
    }
}

/// `replayed ≤ reported ≤ replayed + slack`, or the divergence (a mark is rounded once per
/// position and once in the pool's aggregate).
pub(crate) fn within(
    event: &'static str,
    what: &'static str,
    replayed: u64,
    slack: u64,
    reported: u64,
) -> Checked {
    if reported >= replayed && reported - replayed <= slack {
        Ok(())
    } else {
        Err(Divergence {
            event,
            what,
            replayed: replayed.into(),
            reported: reported.into(),
        })
    }
}

/// `from - amount`, or the divergence of taking more than the replay holds.
pub(crate) fn take(
    event: &'static str,
    what: &'static str,
    from: u64,
    amount: u64,
) -> Checked<u64> {
    from.checked_sub(amount).ok_or(Divergence {
        event,
        what,
        replayed: from.into(),
        reported: amount.into(),
    })
}

/// `to + amount` (books are bounded far below `u64::MAX`; overflow is a divergence).
pub(crate) fn give(event: &'static str, what: &'static str, to: u64, amount: u64) -> Checked<u64> {
    to.checked_add(amount).ok_or(Divergence {
        event,
        what,
        replayed: to.into(),
        reported: amount.into(),
    })
}

/// One pool, replayed: its books, its insurance shares and marks.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PoolReplay {
    pub books: Books,
    pub stakes: Stakes,
}

impl PoolReplay {
    /// Applies one event of this pool (the caller routes events by `ProgramEvent::pool`).
    pub fn apply(&mut self, event: &ProgramEvent) -> Checked {
        self.books.apply(event, self.stakes.marked_shortfall)?;
        self.stakes.apply(event, &self.books)
    }

    /// The fund's value net of the marks it would cover.
    pub fn insurance_net(&self) -> u64 {
        self.stakes.net(&self.books)
    }
}

/// Every pool's replay, events routed by the pool they name.
#[derive(Debug, Default, Clone)]
pub struct Replays {
    pub pools: std::collections::BTreeMap<Pubkey, PoolReplay>,
}

impl Replays {
    pub fn apply(&mut self, event: &ProgramEvent) -> Checked {
        self.pools.entry(event.pool()).or_default().apply(event)
    }
}
