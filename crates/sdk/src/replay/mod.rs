//! A pool's books rebuilt from its events alone: what an indexer holds. Each event's deltas
//! are applied, and every total the event reports is checked against the replay: a
//! difference is a [`Divergence`] (the replay or the events are wrong), never a guess.
//! [`PoolReplay::chain_divergences`] compares the replay with the accounts themselves.
mod books;
mod stakes;

pub use books::Books;
pub use stakes::{StakeBooks, Stakes};

use crate::program_events::ProgramEvent;
use anchor_lang::prelude::Pubkey;
use lending_pool::state::{InsuranceFund, Pool};

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

    /// Every field where the replay and the chain's accounts differ: `[(field, replayed,
    /// chain)]`, empty when they agree to the unit; and a vault holding less than the books
    /// say it does (it may hold more: tokens sent to it directly are nobody's claim).
    pub fn chain_divergences(&self, chain: &ChainBooks) -> Vec<(&'static str, u128, u128)> {
        let pool = &chain.pool;
        let fund = &chain.fund;
        let b = &self.books;
        let s = &self.stakes;
        let total_debt = pool.total_debt().unwrap_or(u64::MAX);
        let ledger = fund.balance().unwrap_or(u64::MAX);
        let rows: [(&'static str, u128, u128); 16] = [
            ("cash", b.cash.into(), pool.cash.into()),
            ("total_debt", b.total_debt.into(), total_debt.into()),
            (
                "insurance_pending",
                b.insurance_pending.into(),
                pool.insurance_pending.into(),
            ),
            ("lp_supply", b.lp_supply.into(), chain.lp_supply.into()),
            (
                "insurance_balance",
                b.insurance_ledger.into(),
                ledger.into(),
            ),
            (
                "settlements",
                b.settlements.into(),
                pool.settlement_seq.into(),
            ),
            (
                "total_socialized",
                b.total_socialized.into(),
                pool.total_socialized.into(),
            ),
            (
                "total_insurance_paid",
                b.total_covered.into(),
                pool.total_insurance_paid.into(),
            ),
            (
                "total_recovered",
                b.total_recovered.into(),
                pool.total_recovered.into(),
            ),
            (
                "marked_shortfall",
                s.marked_shortfall.into(),
                pool.marked_shortfall.into(),
            ),
            (
                "insurance_total_shares",
                s.total_shares.into(),
                fund.total_shares.into(),
            ),
            (
                "insurance_protocol_shares",
                s.protocol_shares.into(),
                fund.protocol_shares.into(),
            ),
            (
                "insurance_cooldown_shares",
                s.cooldown_shares.into(),
                fund.cooldown_shares.into(),
            ),
            (
                "insurance_share_epoch",
                s.share_epoch.into(),
                fund.share_epoch.into(),
            ),
            ("pause_flags", b.pause_flags.into(), pool.pause_flags.into()),
            (
                "guardian_pause_flags",
                b.guardian_pause_flags.into(),
                pool.guardian_pause_flags.into(),
            ),
        ];
        let mut out: Vec<_> = rows.into_iter().filter(|(_, r, c)| r != c).collect();
        // anyone can send tokens to a vault: more than the books is a gift, less a hole
        if chain.base_vault < b.cash {
            out.push(("base_vault", b.cash.into(), chain.base_vault.into()));
        }
        if chain.insurance_vault < b.insurance_ledger {
            out.push((
                "insurance_vault",
                b.insurance_ledger.into(),
                chain.insurance_vault.into(),
            ));
        }
        let frozen = pool.status == lending_pool::state::STATUS_FROZEN;
        if b.frozen != frozen {
            out.push(("frozen", b.frozen.into(), frozen.into()));
        }
        let price = pool.share_price_wad(chain.lp_supply).unwrap_or(u128::MAX);
        if b.share_price_wad() != price {
            out.push(("share_price_wad", b.share_price_wad(), price));
        }
        out
    }
}

/// What the chain holds for one pool at one slot: its two accounts and three token amounts.
#[derive(Clone, Copy)]
pub struct ChainBooks {
    pub pool: Pool,
    pub fund: InsuranceFund,
    pub lp_supply: u64,
    pub base_vault: u64,
    pub insurance_vault: u64,
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
