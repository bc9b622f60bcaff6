#!/usr/bin/env bash
# The main job: builds the SBF program and runs a stress scenario against it on an
# in-process bank (default: scenarios/crash-40pct-1h.toml), writing reports/<name>/report.md
# and its PNG charts. Arguments go to `simulate` (see `--help`), e.g.
#   ./scripts/simulate.sh scenarios/oracle-outage.toml
#   ./scripts/simulate.sh scenarios/crash-40pct-1h.toml --runs 32   # Monte Carlo
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# one build cache for every script and CI (a second target directory is a second cold build)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/target}
cd "$ROOT"
./scripts/build-sbf.sh
export SBF_OUT_DIR="$ROOT/target/deploy" RUST_LOG=${RUST_LOG:-error}
./scripts/run-bin.sh simulate "$@"
