#!/usr/bin/env bash
# Runs one of the workspace's binaries (cu-bench, peer-bench, simulate, ...):
#   scripts/run-bin.sh <binary> [args...]
# built with the test build's selection (the whole workspace, every target), so it reuses
# what `cargo test --workspace` compiled. `cargo run -p <package>` resolves features for
# that package alone, and the dependency tree the test build compiled with other features
# is compiled again (on a cold CI run, minutes per script).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# one build cache for every script and CI (a second target directory is a second cold build)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/target}
bin=$1
shift
cargo build --locked -q --workspace --all-targets --manifest-path "$ROOT/Cargo.toml"
exec "${CARGO_TARGET_DIR:-$ROOT/target}/debug/$bin" "$@"
