#!/usr/bin/env bash
# Builds everything and runs every test: the SBF binaries first (the lending pool, the
# local-validator-only mock Pyth receiver and the SPL token-swap AMM from `external/`), then
# the whole workspace (unit and property tests, the program-test integration suite on target/deploy/lending_pool.so, the
# simulator's tests, the end-to-end tests on a real solana-test-validator, the indexer's with
# its dashboard in headless Chromium), the indexer's end-to-end test again against a
# PostgreSQL server started for it, the Dask sweep's test (a venv from PyPI, two local
# workers), then the dashboard's and the TypeScript client's tests.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# one build cache for every script and CI (a second target directory is a second cold build)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/target}
cd "$ROOT"
./scripts/setup-validator-deps.sh
./scripts/setup-browser.sh
./scripts/build-sbf.sh
# the third-party programs: the local network's AMM (the bot's flash liquidations sell into it)
./scripts/build-external.sh
./scripts/build-dashboard.sh
export SBF_OUT_DIR="$ROOT/target/deploy"
cargo test --workspace --locked "$@"
# the same indexer test on PostgreSQL (the run above used SQLite)
./scripts/with-postgres.sh cargo test --workspace --locked --test indexer_e2e "$@"
# a sweep sharded over a two-worker Dask LocalCluster equals the same runs in one process
./scripts/test-dask.sh
(cd dashboard && npm test --silent)

# The TypeScript client's test: the generated client against the SBF program in LiteSVM.
# (`npm install --no-save`, not `npm ci`: the registry mirror lacks litesvm's binaries for
# other platforms, so the lock file has no entries for them and `npm ci` refuses it.)
(cd clients/ts && { [ -x node_modules/.bin/tsc ] || npm install --no-save --no-audit --no-fund --loglevel=error; } && npm run typecheck --silent && npm test --silent && npm run test:package --silent) # test:package builds (npm pack)
