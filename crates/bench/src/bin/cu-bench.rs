//! Measures compute units per instruction on the SBF binary and writes docs/compute-units.md.
//! Usage: cu-bench [--check] [TABLE.md]   (default: <workspace>/docs/compute-units.md)
//! Fails if a row is over its budget or more than 5% above the committed table (same
//! toolchain only; `CU_TOOLCHAIN` names it). `--check` (CI) leaves the table as committed and
//! writes the measurement next to the build instead (`target/compute-units.md`).
use lending_pool_bench::cu::{check, measure_all, parse_table, render_markdown, Failure};

#[tokio::main]
async fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let check_only = args.iter().any(|a| a == "--check");
    args.retain(|a| a != "--check");
    let root = lending_pool_sdk::checkout::workspace_root();
    let path = args
        .first()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("docs/compute-units.md"));
    let toolchain = std::env::var("CU_TOOLCHAIN").unwrap_or_else(|_| "unknown".into());
    let committed = parse_table(&std::fs::read_to_string(&path).unwrap_or_default());
    let rows = measure_all().await;
    let md = render_markdown(&rows, &toolchain);
    print!("{md}");
    let out = if check_only {
        root.join("target/compute-units.md")
    } else {
        path.clone()
    };
    std::fs::write(&out, &md).expect("write the CU table");
    eprintln!("wrote {}", out.display());
    if committed.toolchain.as_deref() != Some(toolchain.as_str()) {
        eprintln!(
            "note: {} was measured by {:?}, this run by {toolchain:?}: only budgets are checked",
            path.display(),
            committed.toolchain
        );
    }
    // rows added or dropped are a change to commit, not a failure, while writing the table
    let failures: Vec<_> = check(&rows, &toolchain, &committed)
        .into_iter()
        .filter(|f| {
            check_only
                || !matches!(
                    f,
                    Failure::NotCommitted { .. } | Failure::NotMeasured { .. }
                )
        })
        .collect();
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("cu-bench: {f}");
        }
        std::process::exit(1);
    }
}
