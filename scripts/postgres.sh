#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's package (installed when missing), a new
# cluster in a temporary directory, listening on a free loopback port, trust authentication
# (loopback only, thrown away after).
#
#   eval "$(bash scripts/postgres.sh start)"   # exports MCPGATE_TEST_POSTGRES_URL and
#                                              # MCPGATE_TEST_POSTGRES_DIR
#   bash scripts/postgres.sh stop              # stops it and deletes the directory
#
# start prints only the export lines on stdout; progress goes to stderr. Run as root (CI), the
# server runs as the postgres user, since PostgreSQL refuses to run as root.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin
  if ! bin=$(find_bin); then
    if [[ $(id -u) -ne 0 ]]; then
      log "PostgreSQL is not installed; run as root to install Debian's postgresql package"
      exit 1
    fi
    log "installing Debian's postgresql package"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  local dir port
  dir=$(mktemp -d /tmp/mcpgate-postgres.XXXXXX)
  chmod 700 "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$dir"
  fi
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      break
    fi
  done
  as_server_user "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >&2
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c synchronous_commit=on" \
    start >&2
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  echo "export MCPGATE_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres'"
  echo "export MCPGATE_TEST_POSTGRES_DIR='$dir'"
}

stop() {
  local dir=${MCPGATE_TEST_POSTGRES_DIR:-${1:-}}
  if [[ -z "$dir" || ! -d "$dir/data" ]]; then
    log "nothing to stop (MCPGATE_TEST_POSTGRES_DIR is not a cluster)"
    return 0
  fi
  local bin
  bin=$(find_bin)
  as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
