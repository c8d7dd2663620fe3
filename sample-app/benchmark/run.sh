#!/usr/bin/env bash
# Side-by-side benchmark: Lifeline vs plain Spring vs Node ws. Writes docs/benchmarks.md.
# Usage: sample-app/benchmark/run.sh [--quick] [--scenarios=1,2,3,4] [--out=<file>]
# Needs Java 17, Node 20 and python3 (the stalled peers of scenario 4).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cd "$root"
./mvnw -B -q install -DskipTests -pl starter -am
# clean: the repackaged jar must hold the starter just installed.
./mvnw -B -q -f sample-app/benchmark/server/pom.xml clean package -DskipTests
./mvnw -B -q -f sample-app/benchmark/server/pom.xml package -DskipTests -Pjetty
(cd "$here" && npm ci --no-fund --no-audit --loglevel=error)
exec node "$here/bench.mjs" "$@"
