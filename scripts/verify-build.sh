#!/usr/bin/env bash
# Rebuilds the program from this checkout for a cluster and compares its hash with the
# binary deployed at that cluster's id (Anchor.toml), e.g.
#   ./scripts/verify-build.sh devnet --url https://api.devnet.solana.com
# Exit 0 when they match. The bytes match only if the same toolchain built both (docs/guides/admin.md,
# "Releasing the program").
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
cluster=${1:?usage: scripts/verify-build.sh <cluster> --url <RPC>}
shift
id=$(awk -v section="[programs.$cluster]" '
  $0 == section { inside = 1; next }
  /^\[/ { inside = 0 }
  inside && /^lending_pool *=/ { gsub(/.*= *"|".*/, ""); print; exit }' Anchor.toml)
[ -n "$id" ] || { echo "Anchor.toml has no [programs.$cluster] id" >&2; exit 2; }
LENDING_POOL_CLUSTER=$cluster ./scripts/build-sbf.sh >/dev/null
local_hash=$(./scripts/run-bin.sh lending-pool program hash --so target/deploy/lending_pool.so)
deployed=$(./scripts/run-bin.sh lending-pool "$@" program hash --program-id "$id")
echo "local build: $local_hash"
echo "deployed:    $deployed ($id on $cluster)"
[ "$local_hash" = "$deployed" ] || { echo "MISMATCH" >&2; exit 1; }
echo "match"
