#!/usr/bin/env bash
# Benchmark (not a test): the same user actions on our pool and on the SPL token-lending
# program (external/) in one bank, written to docs/peer-compute-units.md. Builds both programs
# first. Exits non-zero if, for any action, ours costs more than half the peer's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./scripts/build-sbf.sh
./scripts/build-external.sh
export SBF_OUT_DIR="$ROOT/target/deploy" RUST_LOG=${RUST_LOG:-error}
./scripts/run-bin.sh peer-bench "$ROOT/docs/peer-compute-units.md"
