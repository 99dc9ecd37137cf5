#!/usr/bin/env bash
# A figure of docs/benchmarks.md ("Control plane"), measured by hand, never in CI: the time from
# a key revocation committed through the CLI to its enforcement by two `mcpgate serve` processes
# sharing one PostgreSQL store.
#
#   mvn -B -q -pl mcpgate-cli -am package -DskipTests
#   bash scripts/figures/revocation-two-serves.sh [RUNS]      # default 5
#
# At scale: SCALE="5000 10000 200" first fills the store with a source of 5,000 operations
# (published to production), 10,000 clients with a profile and a key each, and 200 rules, through
# ControlPlaneFigures in mcpgate-cli's test classes; CP must then be mcpgate-cli's test classpath
# (see docs/benchmarks.md, "Control plane"):
#
#   SCALE="5000 10000 200" CP=mcpgate-cli/target/test-classes:mcpgate-cli/target/classes:$(cat /tmp/cp.txt) \
#     bash scripts/figures/revocation-two-serves.sh
#
# Uses the server in MCPGATE_TEST_POSTGRES_URL when set, otherwise starts a throwaway one with
# scripts/postgres.sh (and stops it after). Both serves poll only once a minute (store.poll:
# PT60S), so only LISTEN/NOTIFY can be fast. For each key, one curl loop per serve sends
# `initialize` with the key every 20 ms until it gets 401, while the CLI revokes the key; the time
# is from the change's recorded time (stamped in its transaction, before the commit) to each
# serve's first 401. Prints one line per run and the median of each serve.
set -euo pipefail

RUNS=${1:-5}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/mcpgate-cli/target/mcpgate.jar"
[[ -f "$JAR" ]] || { echo "build $JAR first (mvn -B -q -pl mcpgate-cli -am package -DskipTests)" >&2; exit 1; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mcpgate-figures.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n "${started_postgres:-}" ]]; then bash "$ROOT/scripts/postgres.sh" stop; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z "${MCPGATE_TEST_POSTGRES_URL:-}" ]]; then
  eval "$(bash "$ROOT/scripts/postgres.sh" start)"
  started_postgres=1
fi
# A schema of its own, so that a server used by the tests is left as it was.
schema="figures_$$"
base=${MCPGATE_TEST_POSTGRES_URL#jdbc:postgresql://}
psql "postgresql://${base%%\?*}?${base#*\?}" -q -c "create schema $schema" >/dev/null
url="$MCPGATE_TEST_POSTGRES_URL&currentSchema=$schema"

if [[ -n "${SCALE:-}" ]]; then
  [[ -n "${CP:-}" ]] || { echo "SCALE needs CP, mcpgate-cli's test classpath" >&2; exit 1; }
  # shellcheck disable=SC2086 # SCALE is three numbers
  java -cp "$CP" dev.mcpgate.cli.internal.ControlPlaneFigures "$url" $SCALE
fi

mcpgate() { java -jar "$JAR" "$@" --config "$WORK/cli.yaml"; }
cat >"$WORK/cli.yaml" <<EOF
sources: []
store: {url: "$url"}
EOF
for port in 18201 18202; do
  cat >"$WORK/serve-$port.yaml" <<EOF
server: {port: $port}
sources: []
policy: {default: allow}
store: {url: "$url", poll: PT60S}
admin: {enabled: false}
upstream: {allowHosts: [figures.example.com]}
EOF
done

mcpgate clients create figures --name "Revocation figures" >/dev/null
mcpgate clients add-profile figures production >/dev/null
keys=()
for _ in $(seq 1 "$RUNS"); do
  keys+=("$(mcpgate clients issue-key figures production --output json | grep -o 'mgk_[A-Za-z0-9_-]*' | head -1)")
done

for port in 18201 18202; do
  java -jar "$JAR" serve --config "$WORK/serve-$port.yaml" >"$WORK/serve-$port.log" 2>&1 &
  pids+=($!)
done
for port in 18201 18202; do
  for _ in $(seq 1 1200); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null \
    || { cat "$WORK/serve-$port.log" >&2; echo "serve on $port is not ready" >&2; exit 1; }
done

# Sends initialize with the key every 20 ms until the answer is 401; prints that moment.
first401() {
  local port=$1 key=$2 code
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/mcp" \
      -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -H 'Accept: application/json, text/event-stream' \
      -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"figures","version":"1"}}}')
    if [[ "$code" == 401 ]]; then date +%s.%N; return; fi
    sleep 0.02
  done
}

a_all=() b_all=()
for key in "${keys[@]}"; do
  id=$(echo "$key" | cut -d_ -f2)
  first401 18201 "$key" >"$WORK/a.t" & pa=$!
  first401 18202 "$key" >"$WORK/b.t" & pb=$!
  sleep 0.3    # both loops are running and see 200s before the revocation
  mcpgate clients revoke-key "$id" --client figures >/dev/null
  wait "$pa" "$pb"
  at=$(mcpgate changes --limit 1 --output json 2>/dev/null | grep -o '"time" : "[^"]*"' | cut -d'"' -f4)
  committed=$(date -d "$at" +%s.%N)
  a=$(echo "($(cat "$WORK/a.t") - $committed) * 1000" | bc -l)
  b=$(echo "($(cat "$WORK/b.t") - $committed) * 1000" | bc -l)
  printf 'key %s revoked: first 401 after %.0f ms (serve 1), %.0f ms (serve 2)\n' "$id" "$a" "$b"
  a_all+=("$a") b_all+=("$b")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.0f", m}'; }
grep -h "control-plane change .* applied" "$WORK"/serve-*.log | tail -4 || true
echo "median: $(median "${a_all[@]}") ms (serve 1), $(median "${b_all[@]}") ms (serve 2); load average $(cut -d' ' -f1-3 /proc/loadavg)"
