//! Stressing the book that is on chain now (`simulate --from-chain <RPC> --pool <POOL>`, or
//! `--from-indexer <URL>` for the book an indexer serves): one consistent snapshot of the
//! pool's accounts at one slot (`lending_pool_client::book`), loaded as is
//! into the simulator's bank beside the same program (`load`), then the scenario's price
//! path applied to it as relative moves of each collateral's live price, with a liquidator
//! clearing what the program lets it (`stress`), and a report of what the book lost and who
//! bore it (`report`). The live book has no actors to drive (their keys are not ours):
//! nobody deposits, borrows or exits during the stress; what moves is prices, time,
//! liquidations and the loss waterfall.
mod load;
mod report;
mod stress;

pub use lending_pool_client::book::{RawAccount, Snapshot};
pub use load::load;
pub use report::write_report;
pub use stress::{stress, LiveOutcome, LiveStep};

use crate::scenario::Scenario;
use anchor_lang::prelude::Pubkey;
use std::path::{Path, PathBuf};

/// Where the live book is.
#[derive(Debug, Clone)]
pub enum LiveSource {
    /// A JSON RPC node, with the oracle accounts the pool is priced by.
    Chain {
        url: String,
        pool: Pubkey,
        base_oracle: Pubkey,
        oracles: Vec<Pubkey>,
    },
    /// An indexer's `GET /api/pools/{pool}/book` (it knows the pool's oracles).
    Indexer { url: String, pool: Pubkey },
}

impl LiveSource {
    /// The book at one slot, from wherever it is.
    pub fn snapshot(&self) -> Result<Snapshot, String> {
        match self {
            Self::Chain {
                url,
                pool,
                base_oracle,
                oracles,
            } => Snapshot::read(url, pool, base_oracle, oracles).map_err(|e| format!("{e:#}")),
            Self::Indexer { url, pool } => from_indexer(url, pool),
        }
    }
}

/// The indexer's book of `pool`, checked to be that pool's.
fn from_indexer(url: &str, pool: &Pubkey) -> Result<Snapshot, String> {
    let at = format!("{}/api/pools/{pool}/book", url.trim_end_matches('/'));
    let r = reqwest::blocking::get(&at).map_err(|e| format!("{at}: {e}"))?;
    let status = r.status();
    let body: serde_json::Value = r.json().map_err(|e| format!("{at}: {e}"))?;
    if !status.is_success() {
        return Err(format!("{at}: {status}: {}", body["error"]));
    }
    let snap = Snapshot::from_json(&body).map_err(|e| format!("{at}: {e:#}"))?;
    if snap.pool != *pool {
        return Err(format!("{at} served the book of {}", snap.pool));
    }
    Ok(snap)
}

/// Snapshots the book at `src`, stresses it with `s` (seed `seed`) and writes
/// `out/report.md`; returns the outcome and the report's path.
pub fn run_from_chain(
    src: &LiveSource,
    s: &Scenario,
    seed: u64,
    out: &Path,
) -> Result<(LiveOutcome, PathBuf), String> {
    run_on(&src.snapshot()?, s, seed, out)
}

/// Stresses `snap` with `s` (seed `seed`) and writes `out/report.md`: a function of the
/// snapshot alone (its accounts and its clock).
pub fn run_on(
    snap: &Snapshot,
    s: &Scenario,
    seed: u64,
    out: &Path,
) -> Result<(LiveOutcome, PathBuf), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let outcome = rt.block_on(stress(snap, s, seed))?;
    let pool = snap.account(&snap.pool).ok_or("the snapshot has no pool")?;
    let decimals =
        lending_pool_sdk::accounts::decode_zero_copy::<lending_pool_sdk::state::Pool>(&pool.data)
            .map_err(|e| format!("{e:?}"))?
            .base_decimals;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let path = out.join("report.md");
    std::fs::write(&path, write_report(snap, s, seed, &outcome, decimals))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((outcome, path))
}
