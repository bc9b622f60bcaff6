#!/usr/bin/env bash
# What the dashboard's browser test needs: Debian's Chromium (playwright cannot download
# its own browser here, so playwright-core drives /usr/bin/chromium) and the dashboard's
# npm packages. Installs nothing when both are already present.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian chromium (dashboard browser test)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  # A fresh machine has no package lists: without them apt cannot find chromium.
  if ! apt-cache show chromium >/dev/null 2>&1; then
    $SUDO apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

if [ ! -d "$ROOT/dashboard/node_modules" ]; then
  echo "installing dashboard npm packages"
  (cd "$ROOT/dashboard" && npm ci --no-audit --no-fund --loglevel=error)
fi
