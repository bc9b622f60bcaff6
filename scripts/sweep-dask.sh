#!/usr/bin/env bash
# A sweep on a Dask cluster: builds `simulate`, sets up the driver's environment
# (setup-dask.sh), then runs tools/dask-sweep: a LocalCluster of N worker processes (or the
# scheduler at ADDR, whose workers see this checkout at the same path), one task per shard,
# each running `simulate sweep --shard K/N`; the shards' tables merged into
# <out>/runs.parquet and runs.csv, then the charts.
#   scripts/sweep-dask.sh <grid.toml> --workers N [--scheduler ADDR] [--out DIR] [--shards S]
#                         [--runs-per-point R] [--keep-shards] [--quiet]
# Default --out: reports/sweep-<grid name>-dask.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -ge 1 ] || { sed -n '2,10p' "$0"; exit 2; }
grid=$1
shift
out=()
case " $* " in *" --out "*) ;; *) out=(--out "reports/sweep-$(basename "${grid%.toml}")-dask") ;; esac
export SBF_OUT_DIR=${SBF_OUT_DIR:-$ROOT/target/deploy} RUST_LOG=${RUST_LOG:-error}
cargo build --locked -q --workspace --all-targets --manifest-path "$ROOT/Cargo.toml"
simulate="${CARGO_TARGET_DIR:-$ROOT/target}/debug/simulate"
venv=$("$ROOT/scripts/setup-dask.sh")
PYTHONPATH="$ROOT/tools/dask-sweep" exec "$venv/bin/python" -m dask_sweep "$grid" \
  --simulate "$simulate" "${out[@]}" "$@"
