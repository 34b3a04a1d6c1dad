#!/usr/bin/env bash
# The performance benchmark of issue 5 (docs/PERFORMANCE.md): prints a table of every figure beside a baseline
# measured in the same run on the same server, and writes it to bench/results/<run>/results.md.
#
#   bench/run.sh [embedded|ferretdb] [--name=value ...]
#
#   embedded   (default) the service with its durable embedded server, in its own process (-Xmx512m)
#   ferretdb   the service against FerretDB: MONGODB_URI if set (its database is dropped and reused by the bench:
#              point it at a database of its own), else scripts/ferretdb.sh starts one on BENCH_FERRETDB_PORT
#              (default 27031) with a fresh data folder and stops it afterwards
#
# Options (defaults): --small-history=10000 --large-history=200000 --latency-samples=300 --load-seconds=20
#   --query-seconds=15 --poll-rate=200 --port=0 (a free one) --heap=512m --jmh=true
# Environment: BENCH_SKIP_BUILD=1 uses the jars already built (restaurant-api exec jar, restaurant-bench classes).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=embedded
if [ "$#" -gt 0 ] && [[ "$1" != --* ]]; then
  mode=$1
  shift
fi
if [ -z "${JAVA_HOME:-}" ] && [ -x .ci/find-jdk ]; then
  JAVA_HOME=$(.ci/find-jdk)
  export JAVA_HOME
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # the product and the bench module (profile "bench"); offline first, online only to fetch JMH the first time
  ./mvnw -B -q -o -Pbench install -DskipTests || ./mvnw -B -q -Pbench install -DskipTests
fi
cp="restaurant-bench/target/classes:$(cat restaurant-bench/target/classpath.txt)"
run_id="$mode-$(date -u +%Y%m%dT%H%M%SZ)"
out="bench/results/$run_id"
mkdir -p "$out"
{
  echo "nproc: $(nproc)"
  free -m | sed -n 2p | awk '{print "memory: " $2 " MB"}'
  "$java" -version 2>&1 | head -1
  uname -sr
} >"$out/machine.txt"

case "$mode" in
  embedded)
    exec "$java" -Xmx1g -cp "$cp" example.restaurant.bench.Bench --out="$out" "$@" 2>&1 | tee "$out/bench.log"
    ;;
  ferretdb)
    uri=${MONGODB_URI:-}
    started_port=
    if [ -z "$uri" ]; then
      started_port=${BENCH_FERRETDB_PORT:-27031}
      scripts/ferretdb.sh build
      rm -rf "target/ferretdb/data-$started_port"
      uri=$(scripts/ferretdb.sh start "$started_port")
      trap 'scripts/ferretdb.sh stop "$started_port"' EXIT
    fi
    # the bench owns the database restaurant_bench on that server (it drops it first)
    base=${uri%%\?*}
    base=${base%/}
    query=
    [[ "$uri" == *\?* ]] && query="?${uri#*\?}"
    base_no_db=$(echo "$base" | sed -E 's#^(mongodb://[^/]+).*#\1#')
    bench_uri="$base_no_db/restaurant_bench$query"
    "$java" -Xmx1g -cp "$cp" example.restaurant.bench.Bench --out="$out" --mongo-uri="$bench_uri" \
      --backend=ferretdb "$@" 2>&1 | tee "$out/bench.log"
    ;;
  *)
    echo "usage: $0 [embedded|ferretdb] [--name=value ...]" >&2
    exit 2
    ;;
esac
