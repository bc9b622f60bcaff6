#!/usr/bin/env bash
# Builds everything and runs every test: the SBF binaries first (the lending pool and the
# local-validator-only mock Pyth receiver), then the whole workspace (unit and property
# tests, the program-test integration suite on target/deploy/lending_pool.so, the
# simulator's tests, and the end-to-end test on a real solana-test-validator), then the
# TypeScript client's LiteSVM test.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./scripts/setup-validator-deps.sh
./scripts/build-sbf.sh
export SBF_OUT_DIR="$ROOT/target/deploy"
cargo test --workspace --locked "$@"

# The TypeScript client's test: the generated client against the SBF program in LiteSVM.
# (`npm install --no-save`, not `npm ci`: the registry mirror lacks litesvm's binaries for
# other platforms, so the lock file has no entries for them and `npm ci` refuses it.)
(cd clients/ts && { [ -d node_modules ] || npm install --no-save --no-audit --no-fund --loglevel=error; } && npm test --silent)
