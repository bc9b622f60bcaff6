#!/usr/bin/env bash
# Benchmark (not a test): LP deposits at a steady rate from several LPs against a local
# validator while the indexer follows (events per second, lag), then a backlog it catches up
# with from the node, then a rebuild from the database (docs/guides/operator.md, "Keeping
# up"). SQLite unless LENDING_POOL_TEST_DATABASE_URL is set: `./scripts/with-postgres.sh
# ./scripts/indexer-load.sh` for PostgreSQL.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/target}
export RUST_LOG=${RUST_LOG:-error}
./scripts/build-sbf.sh >/dev/null
./scripts/build-dashboard.sh
export SBF_OUT_DIR="$ROOT/target/deploy"
cargo test --workspace --locked -q --test indexer_e2e -- --ignored --nocapture indexer_load 2>&1 | grep "indexer load"
