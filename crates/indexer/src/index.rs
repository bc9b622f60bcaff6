//! The index in memory: every pool's replayed books, their history after each transaction,
//! the loss ledger and liquidations, and the reconciliation state. Rebuilt from the database
//! at start-up by applying the stored transactions again, so it is a function of them.
use crate::decode::DecodedTx;
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{
    events::{BadDebtSettled, ExitRequested, Liquidated, PoolInitialized},
    math::{borrow_rate_wad_up, utilization_wad_down},
    program_events::ProgramEvent,
    replay::{Divergence, PoolReplay},
    state::PoolConfig,
};
use std::collections::{BTreeMap, HashSet};

/// The books after one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPoint {
    pub slot: u64,
    pub timestamp: Option<i64>,
    pub signature: String,
    pub cash: u64,
    pub total_debt: u64,
    pub insurance_pending: u64,
    pub lp_assets: u64,
    pub lp_supply: u64,
    pub share_price_wad: u128,
    pub insurance_balance: u64,
    pub marked_shortfall: u64,
    /// Utilization after the transaction and the annual borrow rate the curve gives it.
    pub utilization_wad: u128,
    pub rate_wad: u128,
}

/// Where a recorded event happened.
#[derive(Debug, Clone, PartialEq)]
pub struct At<E> {
    pub slot: u64,
    pub timestamp: Option<i64>,
    pub signature: String,
    pub event: E,
}

impl<E> At<E> {
    fn of(tx: &DecodedTx, event: E) -> Self {
        Self {
            slot: tx.slot,
            timestamp: tx.block_time,
            signature: tx.signature.clone(),
            event,
        }
    }
}

/// The last comparison of the replay with the chain's accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// The slot of the chain snapshot compared (`None`: not compared yet).
    pub checked_slot: Option<u64>,
    /// `(field, indexed, chain)` where they differed; empty when they agreed.
    pub mismatches: Vec<(String, u128, u128)>,
}

impl Reconciliation {
    pub fn ok(&self) -> bool {
        self.checked_slot.is_some() && self.mismatches.is_empty()
    }
}

#[derive(Debug, Clone, Default)]
pub struct PoolIndex {
    pub init: Option<PoolInitialized>,
    /// The pool's configuration (from its initialization and every update).
    pub config: Option<PoolConfig>,
    pub replay: PoolReplay,
    /// The first event the replay could not apply: the index of this pool is wrong from
    /// there on, and says so until it is rebuilt.
    pub divergence: Option<(String, Divergence)>,
    pub history: Vec<HistoryPoint>,
    pub settlements: Vec<At<BadDebtSettled>>,
    pub liquidations: Vec<At<Liquidated>>,
    /// Pending LP exit requests by owner (one each): in on `ExitRequested`, out on
    /// `ExitCompleted` or `ExitCancelled`.
    pub exits: BTreeMap<Pubkey, At<ExitRequested>>,
    pub reconciliation: Reconciliation,
    /// The base mint's decimals, and each collateral slot's mint and decimals (from the
    /// pool account at the first reconciliation; mints from `CollateralAdded` too).
    pub decimals: Option<u8>,
    pub collaterals: BTreeMap<u8, (Pubkey, Option<u8>)>,
    pub last_slot: u64,
    pub last_signature: String,
}

impl PoolIndex {
    /// A pool is sound when its replay applied every event and matched the chain last time.
    pub fn alarm(&self) -> Option<String> {
        if let Some((sig, d)) = &self.divergence {
            return Some(format!("replay diverged at {sig}: {d}"));
        }
        if !self.reconciliation.mismatches.is_empty() {
            let fields: Vec<&str> = self
                .reconciliation
                .mismatches
                .iter()
                .map(|m| m.0.as_str())
                .collect();
            return Some(format!(
                "books differ from the chain: {}",
                fields.join(", ")
            ));
        }
        None
    }
}

#[derive(Debug, Default)]
pub struct Index {
    pub pools: BTreeMap<Pubkey, PoolIndex>,
    pub signatures: HashSet<String>,
    pub transactions: u64,
    pub events: u64,
    pub last_slot: u64,
}

impl Index {
    /// Applies one transaction (the caller hands them over in ledger order, each once).
    /// Returns the pools it touched.
    pub fn apply(&mut self, tx: &DecodedTx) -> Vec<Pubkey> {
        let fresh = self.signatures.insert(tx.signature.clone());
        debug_assert!(fresh, "{} applied twice", tx.signature);
        self.transactions += 1;
        self.events += tx.events.len() as u64;
        self.last_slot = self.last_slot.max(tx.slot);
        let mut touched: Vec<Pubkey> = vec![];
        for e in &tx.events {
            let key = e.event.pool();
            let p = self.pools.entry(key).or_default();
            if !touched.contains(&key) {
                touched.push(key);
            }
            match &e.event {
                ProgramEvent::PoolInitialized(i) => {
                    p.config = Some(i.config);
                    p.init = Some(i.clone());
                }
                ProgramEvent::ConfigUpdated(c) => p.config = Some(c.after),
                ProgramEvent::CollateralAdded(c) => {
                    p.collaterals.insert(c.collateral_slot, (c.mint, None));
                }
                ProgramEvent::BadDebtSettled(s) => p.settlements.push(At::of(tx, s.clone())),
                ProgramEvent::Liquidated(l) => p.liquidations.push(At::of(tx, l.clone())),
                ProgramEvent::ExitRequested(r) => {
                    p.exits.insert(r.owner, At::of(tx, r.clone()));
                }
                ProgramEvent::ExitCompleted(c) => {
                    p.exits.remove(&c.owner);
                }
                ProgramEvent::ExitCancelled(c) => {
                    p.exits.remove(&c.owner);
                }
                _ => {}
            }
            if p.divergence.is_none() {
                if let Err(d) = p.replay.apply(&e.event) {
                    tracing::error!(pool = %key, signature = %tx.signature, "replay diverged: {d}");
                    p.divergence = Some((tx.signature.clone(), d));
                }
            }
        }
        for key in &touched {
            let p = self.pools.get_mut(key).expect("touched pool");
            let (b, s) = (&p.replay.books, &p.replay.stakes);
            let utilization_wad = utilization_wad_down(b.cash, b.total_debt).unwrap_or_default();
            let rate_wad = p
                .config
                .and_then(|c| borrow_rate_wad_up(&c, utilization_wad).ok())
                .unwrap_or_default();
            p.history.push(HistoryPoint {
                slot: tx.slot,
                timestamp: tx.block_time,
                signature: tx.signature.clone(),
                cash: b.cash,
                total_debt: b.total_debt,
                insurance_pending: b.insurance_pending,
                lp_assets: b.lp_assets(),
                lp_supply: b.lp_supply,
                share_price_wad: b.share_price_wad(),
                insurance_balance: b.insurance_gross(),
                marked_shortfall: s.marked_shortfall,
                utilization_wad,
                rate_wad,
            });
            p.last_slot = tx.slot;
            p.last_signature = tx.signature.clone();
        }
        touched
    }
}
