//! Benchmark (not a test): the same user actions on our pool and on the SPL token-lending
//! program in one bank; writes docs/peer-compute-units.md.
//! Usage: peer-bench [TABLE.md]   (default: <workspace>/docs/peer-compute-units.md)
//! Needs target/deploy/{lending_pool,spl_token_lending_peer}.so (`scripts/peer-bench.sh`
//! builds both). Exits non-zero if, for any action, ours costs more than half the peer's
//! (0.45 with interest already accrued). With `PEER_BENCH_NO_BATCH_DIR` (a directory holding
//! our program built `--features no-token-batch` and the peer's), the first table's actions
//! are measured once more on that build.
use lending_pool_bench::peer::{failures, measure, render_markdown};

// current_thread: one bank, one clock, nothing to run in parallel
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let root = lending_pool_sdk::checkout::workspace_root();
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("docs/peer-compute-units.md"));
    let no_batch = std::env::var_os("PEER_BENCH_NO_BATCH_DIR").map(std::path::PathBuf::from);
    let report = measure(no_batch.as_deref()).await;
    let md = render_markdown(&report);
    print!("{md}");
    std::fs::write(&path, &md).expect("write the peer table");
    eprintln!("wrote {}", path.display());
    let failed = failures(&report);
    if !failed.is_empty() {
        for f in &failed {
            eprintln!("peer-bench: {f}");
        }
        std::process::exit(1);
    }
}
