#!/usr/bin/env bash
# Benchmark (not a test): compute units per instruction on the SBF binary, written to
# docs/compute-units.md. Exits non-zero if an instruction exceeds its budget.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./scripts/build-sbf.sh
export SBF_OUT_DIR="$ROOT/target/deploy" RUST_LOG=${RUST_LOG:-error}
cargo run --locked -q -p lending-pool-harness --bin cu-bench -- "$ROOT/docs/compute-units.md"
