#!/usr/bin/env bash
# System packages the end-to-end test's dependencies need to build: solana-test-validator
# pulls in RocksDB, whose bindings are generated with libclang. Debian packages only;
# installs nothing when they are already present.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q 'libclang\(-[0-9.]*\)\?\.so ' \
  || ls /usr/lib/llvm-*/lib/libclang.so >/dev/null 2>&1; then
  exit 0
fi
echo "installing libclang-dev (RocksDB bindings for solana-test-validator)"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libclang-dev >/dev/null
