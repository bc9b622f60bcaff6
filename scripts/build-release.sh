#!/usr/bin/env bash
# Builds the program of a recorded release (releases.toml) from its commit, once per
# machine: the commit's tree is exported (git archive: no checkout is touched) into
# ~/.cache/lending-pool/releases/<commit>/src and built there with that commit's own
# scripts/build-sbf.sh, in a target directory of its own (the current build's artifacts
# keep their names and times). Prints the path of the built lending_pool.so.
#
#   ./scripts/build-release.sh            # the newest release in releases.toml
#   ./scripts/build-release.sh <commit>
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
commit=${1:-$(awk -F'"' '/^commit *=/ { c = $2 } END { print c }' releases.toml)}
[ -n "$commit" ] || { echo "build-release.sh: no release in releases.toml" >&2; exit 1; }
CACHE=${LENDING_POOL_RELEASES:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/releases}
out="$CACHE/$commit"
if [ ! -s "$out/lending_pool.so" ]; then
  # a shallow clone may lack it: ask the clone's origin once
  git cat-file -e "$commit^{commit}" 2>/dev/null || git fetch -q origin "$commit" 2>/dev/null || true
  git cat-file -e "$commit^{commit}" 2>/dev/null || {
    echo "build-release.sh: commit $commit is not in this clone's history (git fetch --unshallow)" >&2; exit 1; }
  rm -rf "$out/src" && mkdir -p "$out/src"
  git archive "$commit" | tar -x -C "$out/src"
  SHARED_SBF=${SHARED_SBF:-$ROOT/../shared/sbf} \
    CARGO_TARGET_DIR="$CACHE/target" \
    "$out/src/scripts/build-sbf.sh" >&2
  cp -p "$out/src/target/deploy/lending_pool.so" "$out/lending_pool.so.part"
  mv "$out/lending_pool.so.part" "$out/lending_pool.so"
fi
echo "$out/lending_pool.so"
