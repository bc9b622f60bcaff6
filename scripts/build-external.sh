#!/usr/bin/env bash
# Builds the third-party programs in external/ (a workspace of their own, each an unmodified
# crates.io program): the SPL token-lending peer the benchmark compares against and the SPL
# token-swap AMM the local network deploys. Leaves spl_token_lending_peer.so and
# spl_token_swap_amm.so in the checkout's target/deploy, next to our .so files. Uses
# `cargo build-sbf` when the machine has it, otherwise the offline toolchain in ../shared/sbf
# (like scripts/build-sbf.sh). Its cargo target directory is its own, outside the checkout,
# so later runs (and CI) reuse it: EXTERNAL_TARGET_DIR, default
# ~/.cache/lending-pool/peers-target (a cold build takes minutes).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED_SBF=${SHARED_SBF:-$ROOT/../shared/sbf}
DEPLOY="$ROOT/target/deploy"
export CARGO_TARGET_DIR="${EXTERNAL_TARGET_DIR:-${PEER_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/peers-target}}"
MANIFEST="$ROOT/external/Cargo.toml"
SOS=(spl_token_lending_peer.so spl_token_swap_amm.so)
mkdir -p "$DEPLOY" "$CARGO_TARGET_DIR"

if [ "${USE_OFFLINE_SBF:-0}" != 1 ] && cargo build-sbf --version >/dev/null 2>&1; then
  cargo build-sbf --manifest-path "$MANIFEST" --sbf-out-dir "$DEPLOY" -- --locked "$@"
elif [ -x "$SHARED_SBF/build.sh" ]; then
  "$SHARED_SBF/build.sh" --manifest-path "$MANIFEST" --locked "$@"
  for so in "${SOS[@]}"; do cp -p "$CARGO_TARGET_DIR/deploy/$so" "$DEPLOY/$so"; done
else
  echo "build-external.sh: neither 'cargo build-sbf' nor $SHARED_SBF/build.sh is available" >&2
  exit 1
fi
for so in "${SOS[@]}"; do test -s "$DEPLOY/$so"; done
