#!/usr/bin/env bash
# Runs a command against a real, throw-away PostgreSQL server:
#   scripts/with-postgres.sh <command> [args...]
# Installs Debian's postgresql if the machine lacks it, creates a cluster in a temporary
# directory, starts it on a free loopback port, exports LENDING_POOL_TEST_DATABASE_URL
# (and INDEXER_DATABASE_URL) for the command, and stops and removes the server after it.
set -euo pipefail

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$d" ] && [ -x "$d/postgres" ] && echo "$d"
}
if [ -z "$(pg_bin)" ]; then
  echo "installing Debian postgresql (the indexer's PostgreSQL run)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  if ! apt-cache show postgresql >/dev/null 2>&1; then $SUDO apt-get update -qq; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
BIN=$(pg_bin)
DIR=$(mktemp -d /tmp/lending-pool-pg.XXXXXX)
# the server refuses to run as root: run it as the package's postgres user
AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c fsync=off" start >/dev/null
stop() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT
"${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres indexer
export LENDING_POOL_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/indexer"
export INDEXER_DATABASE_URL="$LENDING_POOL_TEST_DATABASE_URL"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"$@"
