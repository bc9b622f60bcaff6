#!/usr/bin/env bash
# Builds programs/lending-pool to target/deploy/lending_pool.so.
# Uses `cargo build-sbf` (Solana platform-tools) when the machine has it; otherwise the
# offline toolchain in ../shared/sbf (registry packages only). The source is the same for both.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MANIFEST="$ROOT/programs/lending-pool/Cargo.toml"
SHARED_SBF=${SHARED_SBF:-$ROOT/../shared/sbf}

if [ "${USE_OFFLINE_SBF:-0}" != 1 ] && cargo build-sbf --version >/dev/null 2>&1; then
  cargo build-sbf --manifest-path "$MANIFEST" --sbf-out-dir "$ROOT/target/deploy" "$@"
elif [ -x "$SHARED_SBF/build.sh" ]; then
  "$SHARED_SBF/build.sh" --manifest-path "$MANIFEST" "$@"
else
  echo "build-sbf.sh: neither 'cargo build-sbf' nor $SHARED_SBF/build.sh is available" >&2
  exit 1
fi
test -s "$ROOT/target/deploy/lending_pool.so"
