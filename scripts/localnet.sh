#!/usr/bin/env bash
# A local network anyone can start: builds the SBF programs, starts solana-test-validator
# (the crate, not the Solana CLI) with the program and the local-only Pyth stand-in on
# http://127.0.0.1:8899, seeds a demo pool with LPs, stakers and borrowers, prints the
# addresses and the commands for the CLI, the bot and the indexer, and keeps running.
# Arguments go to the binary: --rpc-port, --dir (default target/localnet), --no-demo.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lending-pool/target}
export RUST_LOG=${RUST_LOG:-error}
./scripts/build-sbf.sh >/dev/null
# the SPL token-swap AMM the demo trades on
./scripts/build-external.sh >/dev/null
exec ./scripts/run-bin.sh lending-pool-localnet "$@"
