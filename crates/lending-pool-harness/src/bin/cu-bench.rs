//! Measures compute units per instruction on the SBF binary and writes docs/compute-units.md.
//! Usage: cu-bench [OUTPUT.md]   (default: <workspace>/docs/compute-units.md)
use lending_pool_harness::bench::{measure_all, render_markdown};

#[tokio::main]
async fn main() {
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/compute-units.md")
        });
    let rows = measure_all().await;
    let md = render_markdown(&rows);
    print!("{md}");
    std::fs::write(&path, &md).expect("write the CU table");
    eprintln!("wrote {}", path.display());
    let over: Vec<_> = rows
        .iter()
        .filter(|m| m.budget.is_some_and(|b| m.compute_units >= b))
        .collect();
    if !over.is_empty() {
        eprintln!("over budget: {over:?}");
        std::process::exit(1);
    }
}
