#!/usr/bin/env bash
# The package as a consumer gets it (`npm run test:package`): `npm pack` (its `prepack`
# builds dist/), a check of what the tarball holds, then a scratch Node ESM project that
# installs the tarball, litesvm, @solana/kit and @types/node at this project's versions
# from the local npm cache (offline when it holds them), compiles test/package/consumer.ts with
# `tsc --strict` against the package's declarations, and runs it against the program's
# SBF binary (target/deploy/lending_pool.so) in LiteSVM.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SO="$HERE/../../target/deploy/lending_pool.so"
[ -f "$SO" ] || { echo "missing $SO (build the program first)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
version() { node -p "require('$HERE/node_modules/$1/package.json').version"; }

cd "$HERE"
npm pack --silent --pack-destination "$WORK" >/dev/null
TARBALL=$(ls "$WORK"/*.tgz)
# the compiled package and its readme; no sources, tests or scripts
LISTING=$(tar -tzf "$TARBALL")
for f in package/package.json package/README.md package/dist/index.js package/dist/index.d.ts package/dist/deploy.js \
  package/dist/generated/index.js package/dist/generated/index.d.ts; do
  grep -qx "$f" <<<"$LISTING" || { echo "$f missing from $(basename "$TARBALL")" >&2; exit 1; }
done
if grep -v '^package/\(dist/.*\|package.json\|README.md\)$' <<<"$LISTING"; then
  echo "unexpected files in $(basename "$TARBALL")" >&2
  exit 1
fi

mkdir "$WORK/consumer"
cp test/package/consumer.ts test/package/tsconfig.json "$WORK/consumer/"
cd "$WORK/consumer"
echo '{ "name": "consumer", "private": true, "type": "module" }' >package.json
DEPS=("$TARBALL" "litesvm@$(version litesvm)" "@solana/kit@$(version @solana/kit)" "@types/node@$(version @types/node)")
# from the cache alone once it holds them; the first run may fill it from the registry
npm install --offline --no-audit --no-fund --loglevel=silent "${DEPS[@]}" 2>/dev/null ||
  npm install --prefer-offline --no-audit --no-fund --loglevel=error "${DEPS[@]}"
"$HERE/node_modules/.bin/tsc" -p tsconfig.json
node out/consumer.js "$SO"
