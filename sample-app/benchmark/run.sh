#!/usr/bin/env bash
# Side-by-side benchmark: Lifeline vs plain Spring vs Node ws. Writes docs/benchmarks.md.
# Usage: sample-app/benchmark/run.sh [--quick] [--scenarios=1,2,3,4,5,6,7] [--out=<file>]
#   Scenarios: 1 echo, 2 memory per idle session (with 3, heartbeat cost and dead peers), 4 broadcast
#   beside stalled peers, 5 heartbeat CPU per ping round trip, 6 STOMP beside stalled subscribers, 7 resumable
#   sessions.
#   A run of some scenarios writes
#   sample-app/benchmark/target/benchmarks-partial.md; only a run of all replaces docs/benchmarks.md.
#   Scenario 5 alone, e.g. while tuning the heartbeat (prints "CPU per ping round trip (µs)" per server):
#     sample-app/benchmark/run.sh --scenarios=5 [--sessions=15000] [--settle=30] [--window=60]
#         [--servers=plain,plain-jetty,plain-pinged,plain-jetty-pinged,plain-server-pinged,
#                    plain-jetty-server-pinged,lifeline,lifeline-jetty,ws]
#   BENCHMARK_SKIP_BUILD=1 reuses the jars and node_modules of the previous run.
# Needs Java 17, Node 20 and python3 (the stalled peers of scenario 4).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cd "$root"
if [[ "${BENCHMARK_SKIP_BUILD:-}" == 1 ]]; then
  exec node "$here/bench.mjs" "$@"
fi
./mvnw -B -q install -DskipTests -pl starter -am
# clean: the repackaged jar must hold the starter just installed.
./mvnw -B -q -f sample-app/benchmark/server/pom.xml clean package -DskipTests
./mvnw -B -q -f sample-app/benchmark/server/pom.xml package -DskipTests -Pjetty
(cd "$here" && npm ci --no-fund --no-audit --loglevel=error)
exec node "$here/bench.mjs" "$@"
