#!/usr/bin/env bash
# The Dask driver's Python environment: a virtual environment with the pinned packages of
# tools/dask-sweep/requirements.txt (dask[distributed], pandas, pyarrow) from PyPI, in
# ${XDG_CACHE_HOME:-~/.cache}/lending-pool/dask-venv (DASK_VENV overrides). Reused when it
# already holds exactly those pins; prints its path.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
req="$ROOT/tools/dask-sweep/requirements.txt"
venv=${DASK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/dask-venv}
stamp="$venv/.requirements"
if [ -x "$venv/bin/python" ] && cmp -s "$req" "$stamp"; then
  echo "$venv"
  exit 0
fi
python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "setup-dask: needs Python 3.11 or newer ($python)" >&2; exit 1; }
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req" >&2
cp "$req" "$stamp"
echo "$venv"
