#!/usr/bin/env bash
# Benchmark (not a test): compute units per instruction on the SBF binary, written to
# docs/compute-units.md. Fails if an instruction exceeds its budget or rises more than 5%
# above the committed table (rows are compared only with a table from the same toolchain).
# `--check` (CI) compares without rewriting the committed table.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./scripts/build-sbf.sh
export SBF_OUT_DIR="$ROOT/target/deploy" RUST_LOG=${RUST_LOG:-error}
# which toolchain built the binary: CU differ between builds of different compilers
if [ "${USE_OFFLINE_SBF:-0}" != 1 ] && cargo build-sbf --version >/dev/null 2>&1; then
  CU_TOOLCHAIN="platform-tools $(cargo build-sbf --version | head -1)"
else
  # shellcheck disable=SC1091
  . "${SBF_TOOLS:-$HOME/.cache/sbf-offline}/env.sh"
  CU_TOOLCHAIN="offline rustc $SBF_DEB_VERSION_USED"
fi
export CU_TOOLCHAIN
./scripts/run-bin.sh cu-bench "$@"
