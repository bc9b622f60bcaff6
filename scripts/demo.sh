#!/usr/bin/env bash
# A scripted walk-through (the main job is ./scripts/simulate.sh): builds the SBF program and runs the scripted demo on an
# in-process validator: init a pool, deposit, fund insurance, withdraw, print the books.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./scripts/build-sbf.sh
export SBF_OUT_DIR="$ROOT/target/deploy" RUST_LOG=${RUST_LOG:-error}
./scripts/run-bin.sh demo
