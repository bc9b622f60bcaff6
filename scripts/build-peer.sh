#!/usr/bin/env bash
# Builds the peer the benchmark compares against (crates/bench/peers/: crates.io spl-token-lending 0.2.0,
# unmodified, in a workspace of its own) and leaves target/deploy/spl_token_lending_peer.so
# in the checkout, next to our .so files. Uses `cargo build-sbf` when the machine has it,
# otherwise the offline toolchain in ../shared/sbf (like scripts/build-sbf.sh). Its cargo
# target directory is its own, outside the checkout, so later runs (and CI) reuse it:
# PEER_TARGET_DIR, default ~/.cache/lending-pool/peers-target (a cold build takes minutes).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED_SBF=${SHARED_SBF:-$ROOT/../shared/sbf}
DEPLOY="$ROOT/target/deploy"
export CARGO_TARGET_DIR="${PEER_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/peers-target}"
MANIFEST="$ROOT/crates/bench/peers/Cargo.toml"
SO=spl_token_lending_peer.so
mkdir -p "$DEPLOY" "$CARGO_TARGET_DIR"

if [ "${USE_OFFLINE_SBF:-0}" != 1 ] && cargo build-sbf --version >/dev/null 2>&1; then
  cargo build-sbf --manifest-path "$MANIFEST" --sbf-out-dir "$DEPLOY" -- --locked "$@"
elif [ -x "$SHARED_SBF/build.sh" ]; then
  "$SHARED_SBF/build.sh" --manifest-path "$MANIFEST" --locked "$@"
  cp -p "$CARGO_TARGET_DIR/deploy/$SO" "$DEPLOY/$SO"
else
  echo "build-peer.sh: neither 'cargo build-sbf' nor $SHARED_SBF/build.sh is available" >&2
  exit 1
fi
test -s "$DEPLOY/$SO"
