#!/usr/bin/env bash
# Runs the indexer and the risk dashboard (http://127.0.0.1:3030) against the local
# network `./scripts/localnet.sh` started, priced with its demo pool's oracles. Flags are
# passed on to lending-pool-indexer (e.g. --database-url postgres://..., --url for another
# node); with another node, give --pool-oracles yourself.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/target}
./scripts/build-dashboard.sh
args=()
summary=target/localnet/localnet.json
if [ -f "$summary" ]; then
  oracles=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("demo",{}).get("pool_oracles",""))' "$summary")
  [ -n "$oracles" ] && args+=(--pool-oracles "$oracles")
fi
exec ./scripts/run-bin.sh lending-pool-indexer --database-url "sqlite:target/localnet/index.db?mode=rwc" \
  --dashboard-dir dashboard/dist "${args[@]}" "$@"
