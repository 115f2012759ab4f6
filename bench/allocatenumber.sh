#!/usr/bin/env bash
# Benchmark: allocations per second at concurrency 50 against the local MariaDB (127.0.0.1:3306),
# with p50/p99 latency. Appends the figures and this command to bench/results/allocatenumber.md.
# Usage: bench/allocatenumber.sh [requests, default 5000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh
source bench/lib/readiness.sh
REQUESTS="${1:-5000}"
CONCURRENCY=50
PORT=18082
DATABASE=webphone_bench_allocatenumber
WORK=bench/work/allocatenumber
RESULTS=bench/results/allocatenumber.md

[ -f services/allocatenumber/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -ntp -q -pl services/allocatenumber -am install -DskipTests
rm -rf "$WORK" && mkdir -p "$WORK"
mysql --protocol=tcp -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DATABASE; CREATE DATABASE $DATABASE"

echo "Starting allocatenumber on port $PORT with database $DATABASE (limits lifted for the benchmark)..."
DB_URL="jdbc:mysql://127.0.0.1:3306/$DATABASE" DB_USER=root DB_PASSWORD= DATA_DIR="$WORK" \
  ALLOCATENUMBER_HTTP_PORT=$PORT NUMBER_PREFIXES=999100:7 \
  ALLOCATE_RATE_PER_ADDRESS=100000000 ALLOCATE_RATE_GLOBAL=100000000 ALLOCATENUMBER_DB_POOL=50 \
  "$JAVA_HOME/bin/java" $(cat services/allocatenumber/jvm.options) -jar services/allocatenumber/target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null || true' EXIT
wait_up allocatenumber $SERVICE "http://127.0.0.1:$PORT/q/health/ready" "$WORK/service.log"

echo "Warm-up: 1000 allocations..."
"$JAVA_HOME/bin/java" bench/lib/HttpLoad.java "http://127.0.0.1:$PORT/api/v1/numbers" $CONCURRENCY 1000 201 "{}" >/dev/null
echo "Measuring: $REQUESTS allocations at concurrency $CONCURRENCY..."
LINE=$("$JAVA_HOME/bin/java" bench/lib/HttpLoad.java "http://127.0.0.1:$PORT/api/v1/numbers" $CONCURRENCY "$REQUESTS" 201 "{}")
RSS_KB=$(ps -o rss= -p $SERVICE | tr -d ' ')
echo "$LINE rss=${RSS_KB}kB"

mkdir -p bench/results
[ -f "$RESULTS" ] || printf '# allocatenumber: allocations per second\n\nEach row: one run of `bench/allocatenumber.sh`, after a 1000-allocation warm-up, against the MariaDB at 127.0.0.1:3306, on the 2-core CI machine kind. Closed loop: each of the 50 workers sends its next request when the previous one answered. RSS of the service after the run.\n\n| date | command | result |\n|---|---|---|\n' > "$RESULTS"
printf '| %s | `bench/allocatenumber.sh %s` | %s rss=%skB |\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$REQUESTS" "$LINE" "$RSS_KB" >> "$RESULTS"
echo "Recorded in $RESULTS"
