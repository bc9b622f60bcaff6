#!/usr/bin/env bash
# Benchmark (not a test): a burst of LP deposits from several LPs against a local validator
# while the indexer follows; prints the confirmed rate, the indexer's events per second and
# how far behind the chain it finished (docs/guides/operator.md, "Running the indexer"). SQLite unless
# LENDING_POOL_TEST_DATABASE_URL is set (e.g. under scripts/with-postgres.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/target}
export RUST_LOG=${RUST_LOG:-error}
./scripts/build-sbf.sh >/dev/null
./scripts/build-dashboard.sh
export SBF_OUT_DIR="$ROOT/target/deploy"
cargo test --workspace --locked -q --test indexer_e2e -- --ignored --nocapture indexer_load 2>&1 | grep "indexer load:"
