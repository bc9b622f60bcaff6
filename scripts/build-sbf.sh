#!/usr/bin/env bash
# Builds the SBF programs and leaves them in target/deploy (inside the checkout, where the
# tests, the TypeScript client and the validator look): lending_pool.so and
# mock_pyth_receiver.so (a stand-in for Pyth's receiver, for local validators and tests only).
# Uses `cargo build-sbf` (Solana platform-tools) when the machine has it; otherwise the
# offline toolchain in ../shared/sbf (registry packages only). The source is the same for both.
# The offline build writes into Cargo's target directory (CARGO_TARGET_DIR when set, so a
# cache outside the checkout is reused) and the .so files are copied into target/deploy.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED_SBF=${SHARED_SBF:-$ROOT/../shared/sbf}
# SBF_DEPLOY_DIR and SBF_PROGRAMS: another directory, or only some programs (a variant
# build, e.g. scripts/peer-bench.sh's lending-pool without p-token's batch)
DEPLOY="${SBF_DEPLOY_DIR:-$ROOT/target/deploy}"
BUILT="${CARGO_TARGET_DIR:-$ROOT/target}/deploy"
mkdir -p "$DEPLOY"

for program in ${SBF_PROGRAMS:-lending-pool mock-pyth-receiver}; do
  MANIFEST="$ROOT/programs/$program/Cargo.toml"
  if [ "${USE_OFFLINE_SBF:-0}" != 1 ] && cargo build-sbf --version >/dev/null 2>&1; then
    cargo build-sbf --manifest-path "$MANIFEST" --sbf-out-dir "$DEPLOY" "$@"
  elif [ -x "$SHARED_SBF/build.sh" ]; then
    "$SHARED_SBF/build.sh" --manifest-path "$MANIFEST" "$@"
    so="$(echo "$program" | tr - _).so"
    [ "$BUILT" -ef "$DEPLOY" ] || cp -p "$BUILT/$so" "$DEPLOY/$so"
  else
    echo "build-sbf.sh: neither 'cargo build-sbf' nor $SHARED_SBF/build.sh is available" >&2
    exit 1
  fi
done
for program in ${SBF_PROGRAMS:-lending-pool mock-pyth-receiver}; do
  test -s "$DEPLOY/$(echo "$program" | tr - _).so"
done
