//! Stressing the book that is on chain now (`simulate --from-chain <RPC> --pool <POOL>`):
//! one consistent snapshot of the pool's accounts at one slot (`snapshot`), loaded as is
//! into the simulator's bank beside the same program (`load`), then the scenario's price
//! path applied to it as relative moves of each collateral's live price, with a liquidator
//! clearing what the program lets it (`stress`), and a report of what the book lost and who
//! bore it (`report`). The live book has no actors to drive (their keys are not ours):
//! nobody deposits, borrows or exits during the stress; what moves is prices, time,
//! liquidations and the loss waterfall.
mod load;
mod report;
mod snapshot;
mod stress;

pub use load::load;
pub use report::write_report;
pub use snapshot::{RawAccount, Snapshot};
pub use stress::{stress, LiveOutcome, LiveStep};

use crate::scenario::Scenario;
use anchor_lang::prelude::Pubkey;
use std::path::{Path, PathBuf};

/// Where the live book is.
#[derive(Debug, Clone)]
pub struct LiveSource {
    pub url: String,
    pub pool: Pubkey,
    pub base_oracle: Pubkey,
    pub oracles: Vec<Pubkey>,
}

/// Snapshots the book at `src`, stresses it with `s` (seed `seed`) and writes
/// `out/report.md`; returns the outcome and the report's path.
pub fn run_from_chain(
    src: &LiveSource,
    s: &Scenario,
    seed: u64,
    out: &Path,
) -> Result<(LiveOutcome, PathBuf), String> {
    let snap = Snapshot::read(&src.url, &src.pool, &src.base_oracle, &src.oracles)
        .map_err(|e| format!("{e:#}"))?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let outcome = rt.block_on(stress(&snap, s, seed))?;
    let pool = snap.account(&snap.pool).ok_or("the snapshot has no pool")?;
    let decimals =
        lending_pool_sdk::accounts::decode_zero_copy::<lending_pool_sdk::state::Pool>(&pool.data)
            .map_err(|e| format!("{e:?}"))?
            .base_decimals;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let path = out.join("report.md");
    std::fs::write(&path, write_report(&snap, s, seed, &outcome, decimals))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((outcome, path))
}
