#!/usr/bin/env bash
# Builds dashboard/dist (index.html, app.js, style.css), which the indexer serves at /.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/dashboard"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
