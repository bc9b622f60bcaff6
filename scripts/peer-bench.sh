#!/usr/bin/env bash
# Benchmark (not a test): the same user actions on our pool and on the SPL token-lending
# program (external/) in one bank, written to docs/peer-compute-units.md. Builds both programs
# first. Exits non-zero if, for any action, ours costs more than half the peer's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./scripts/build-sbf.sh
./scripts/build-external.sh
# our program once more without p-token's batch (every token move its own CPI), in a target
# directory of its own so the two builds do not invalidate each other
NO_BATCH="$ROOT/target/deploy-no-batch"
mkdir -p "$NO_BATCH"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/no-token-batch" SBF_DEPLOY_DIR="$NO_BATCH" \
  SBF_PROGRAMS=lending-pool ./scripts/build-sbf.sh --features no-token-batch >/dev/null
cp "$ROOT/target/deploy/spl_token_lending_peer.so" "$NO_BATCH/"
# target/deploy keeps the default build (a no-op when it is current); the two must differ
./scripts/build-sbf.sh >/dev/null
if cmp -s "$ROOT/target/deploy/lending_pool.so" "$NO_BATCH/lending_pool.so"; then
  echo "peer-bench.sh: the no-token-batch build equals the default one" >&2
  exit 1
fi
export SBF_OUT_DIR="$ROOT/target/deploy" RUST_LOG=${RUST_LOG:-error}
PEER_BENCH_NO_BATCH_DIR="$NO_BATCH" ./scripts/run-bin.sh peer-bench "$ROOT/docs/peer-compute-units.md"
