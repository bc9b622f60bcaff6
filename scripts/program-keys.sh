#!/usr/bin/env bash
# The program keypair for a cluster, made locally on first use and never committed:
# keys/<cluster>/lending_pool-keypair.json (keys/ is git-ignored). Its address is written to
# Anchor.toml's [programs.<cluster>], which build.rs reads when building for that cluster:
#
#   ./scripts/program-keys.sh devnet
#   LENDING_POOL_CLUSTER=devnet ./scripts/build-sbf.sh
#
# Run again, it keeps the existing keypair and prints its address. Mainnet's keypair should
# be made on the machine that will hold it (and the upgrade authority be a multisig: docs/guides/admin.md,
# "Releasing the program"). Local validators and the tests need no keypair: they load the binary at the
# localnet address.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
cluster=${1:?usage: scripts/program-keys.sh <localnet|devnet|mainnet>}
case "$cluster" in localnet|devnet|testnet|mainnet) ;; *) echo "unknown cluster $cluster" >&2; exit 2;; esac
file="keys/$cluster/lending_pool-keypair.json"
id=$(./scripts/run-bin.sh lending-pool program new-keypair --outfile "$file" | tail -1)
awk -v section="[programs.$cluster]" -v id="$id" '
  $0 == section { print; print "lending_pool = \"" id "\""; found = 1; skip = 1; next }
  skip && /^lending_pool *=/ { next }
  /^\[/ { skip = 0 }
  { print }
  END { if (!found) { print ""; print section; print "lending_pool = \"" id "\"" } }
' Anchor.toml > Anchor.toml.new && mv Anchor.toml.new Anchor.toml
echo "$cluster program id: $id ($file)"
