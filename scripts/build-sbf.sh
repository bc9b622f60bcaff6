#!/usr/bin/env bash
# Builds the SBF programs into target/deploy: lending_pool.so and mock_pyth_receiver.so
# (a stand-in for Pyth's receiver, for local validators and tests only).
# Uses `cargo build-sbf` (Solana platform-tools) when the machine has it; otherwise the
# offline toolchain in ../shared/sbf (registry packages only). The source is the same for both.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED_SBF=${SHARED_SBF:-$ROOT/../shared/sbf}

for program in lending-pool mock-pyth-receiver; do
  MANIFEST="$ROOT/programs/$program/Cargo.toml"
  if [ "${USE_OFFLINE_SBF:-0}" != 1 ] && cargo build-sbf --version >/dev/null 2>&1; then
    cargo build-sbf --manifest-path "$MANIFEST" --sbf-out-dir "$ROOT/target/deploy" "$@"
  elif [ -x "$SHARED_SBF/build.sh" ]; then
    "$SHARED_SBF/build.sh" --manifest-path "$MANIFEST" "$@"
  else
    echo "build-sbf.sh: neither 'cargo build-sbf' nor $SHARED_SBF/build.sh is available" >&2
    exit 1
  fi
done
test -s "$ROOT/target/deploy/lending_pool.so"
test -s "$ROOT/target/deploy/mock_pyth_receiver.so"
