#!/usr/bin/env bash
# A peerbench target measuring another checkout (src= below) beside the current one; copy into a writable peerbench copy.
# mcpgate: `mcpgate serve` (standalone, embedded Jetty 12) built from the project checkout (MCPGATE_DIR,
# default: the git work tree run.sh is started from), importing openapi.json as a source with an apiKey binding (X-Api-Key from the
# environment). Unlike the peers it authenticates its caller: the load client presents an mcpgate API key
# (written to $PB/auth/mcpgate), and every call passes identity, policy, schema, size, rate-limit and
# target-host gates and is audited (audit lines to a file). JVM defaults (JDK 17, G1).
. "$(dirname "$0")/../common.sh"
src=/work/wt/before
[ -n "$src" ] && [ -d "$src/mcpgate-cli" ] || { echo "set MCPGATE_DIR to the mcpgate checkout (or run from inside it)"; exit 1; }
jar=$src/mcpgate-cli/target/mcpgate.jar
dir=$PB/mcpgate-before; mkdir -p "$dir" "$PB/auth"
if [ "${1:-}" = prepare ]; then
  [ -f "$jar" ] || (cd "$src" && mvn -B -q -DskipTests package) >&2 || { echo "mcpgate build failed"; exit 1; }
  out=$(java -jar "$jar" hash-key --generate) || { echo "hash-key failed"; exit 1; }
  key=$(echo "$out" | sed -n 's/^key: *//p'); id=$(echo "$out" | sed -n 's/^id: *//p'); hash=$(echo "$out" | sed -n 's/^hash: *//p')
  printf 'Bearer %s\n' "$key" > "$PB/auth/mcpgate-before"
  cp "$BENCH_DIR/openapi.json" "$dir/openapi.json"
  cat > "$dir/mcpgate.yaml" <<YAML
server:
  port: 18100
sources:
  - id: items
    description: openapi.json
    baseUrl: UPSTREAM_URL_PLACEHOLDER
    approved: true
    binding: items-key
bindings:
  - id: items-key
    kind: apiKey
    secretRef: env:API_KEY
    settings: {in: header, name: X-Api-Key}
clients:
  - id: peerbench
    profiles:
      production:
        keys:
          - {id: "$id", hash: "$hash"}
policy:
  rules:
    - {id: bench, effect: allow, clients: [peerbench]}
limits:
  rate:
    perClient: {capacity: 100000000, period: PT1S}
upstream:
  allowLoopback: true
YAML
  exit 0
fi
sed "s#UPSTREAM_URL_PLACEHOLDER#$UPSTREAM_URL#" "$dir/mcpgate.yaml" > "$dir/run.yaml"
exec java ${MCPGATE_JAVA_OPTS:-} -jar "$jar" serve --config "$dir/run.yaml" --port "$PORT" 2>"$dir/stderr.log"
