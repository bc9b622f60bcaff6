#!/usr/bin/env bash
# Builds everything and runs every test: the SBF binary first, then the whole workspace
# (unit + property tests of the program's math, and the integration suite, which loads
# target/deploy/lending_pool.so into solana-program-test).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./scripts/build-sbf.sh
export SBF_OUT_DIR="$ROOT/target/deploy"
cargo test --workspace --locked "$@"
