#!/usr/bin/env bash
# The Dask driver's test: a small grid (8 runs) once by one `simulate sweep` process and
# once on a LocalCluster of two workers (shards merged); the merged runs.parquet must equal
# the single process's row for row (column types included) and runs.csv byte for byte.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
grid=tools/dask-sweep/tests/small-grid.toml
export SBF_OUT_DIR=${SBF_OUT_DIR:-$ROOT/target/deploy} RUST_LOG=${RUST_LOG:-error}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-dask.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
venv=$(./scripts/setup-dask.sh)
start=$(date +%s)
./scripts/run-bin.sh simulate sweep "$grid" --out "$tmp/one" --jobs 2 --quiet
./scripts/sweep-dask.sh "$grid" --workers 2 --out "$tmp/dask" --quiet
PYTHONPATH=tools/dask-sweep "$venv/bin/python" -m dask_sweep.compare "$tmp/one" "$tmp/dask"
[ -f "$tmp/dask/sweep.md" ] || { echo "test-dask: no sweep.md from the merged table"; exit 1; }
echo "test-dask: $(( $(date +%s) - start )) s"
