#!/usr/bin/env bash
# Benchmark: notify calls per second at concurrency 50, each pushing an encrypted call-incoming to
# one device through a local RFC 8030 push service (the test harness, decrypting with http_ece),
# with p50/p99 of notify as sip-proxy would see it. Appends to bench/results/webpush.md.
# Then the same number of notifications paced at PACED_RATE per second (default 1000, 0 skips it):
# latency at a given load, as sip-proxy sees it (closed-loop latency is ~CONCURRENCY/rate by construction).
# Usage: bench/webpush.sh [requests, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh
source bench/lib/database.sh
source bench/lib/process-stats.sh
source bench/lib/readiness.sh
REQUESTS="${1:-10000}"
CONCURRENCY="${CONCURRENCY:-50}"

DEVICES=50
PORT=18083
DATABASE=webphone_bench_webpush
WORK="$PWD/bench/work/webpush"
RESULTS=bench/results/webpush.md
HARNESS=services/webpush/src/test/node
rm -rf "$WORK" && mkdir -p "$WORK"

[ -f services/webpush/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -ntp -q -pl services/webpush -am install -DskipTests
[ -d "$HARNESS/node_modules/http_ece" ] || (cd "$HARNESS" && npm ci --no-audit --no-fund --silent)
fresh_database "$DATABASE"

coproc PUSH { cd "$HARNESS" && exec node push-service.mjs; }
read -r _ PUSH_PORT <&"${PUSH[0]}"
echo "Local push service on 127.0.0.1:$PUSH_PORT; $DEVICES devices subscribed..."
for ((k = 0; k < DEVICES; k++)); do
  subscription=$(curl -sf -X POST "http://127.0.0.1:$PUSH_PORT/control/subscriptions")
  endpoint=$(echo "$subscription" | sed 's/.*"endpoint":"\([^"]*\)".*/\1/')
  p256dh=$(echo "$subscription" | sed 's/.*"p256dh":"\([^"]*\)".*/\1/')
  auth=$(echo "$subscription" | sed 's/.*"auth":"\([^"]*\)".*/\1/')
  echo "INSERT INTO push_subscription (number, device_id, endpoint, p256dh, auth) VALUES ('9990000$k', 'bench-$k', '$endpoint', '$p256dh', '$auth');"
done | mysql --protocol=tcp -h 127.0.0.1 -u root "$DATABASE"

DB_URL="jdbc:mysql://127.0.0.1:3306/$DATABASE" DB_USER=root DB_PASSWORD= WEBPUSH_HTTP_PORT=$PORT \
  INTERNAL_SERVICE_TOKEN=bench-token WEBPUSH_ALLOW_INSECURE_LOOPBACK=true VAPID_SUBJECT=mailto:bench@webphone.example \
  WEBPUSH_DB_POOL=50 "$JAVA_HOME/bin/java" $(cat services/webpush/jvm.options) ${SERVICE_JAVA_OPTS:-} -jar services/webpush/target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE $PUSH_PID 2>/dev/null; wait $SERVICE 2>/dev/null || true' EXIT
wait_up webpush $SERVICE "http://127.0.0.1:$PORT/q/health/ready" "$WORK/service.log"

BODY='{"number":"9990000{i%50}","kind":"call-incoming","from":"99910000000","callId":"bench-{i}"}'
WARMUP="${WARMUP:-10000}"
echo "Warm-up: $WARMUP notifications (the JIT compiles the hot paths)..."
"$JAVA_HOME/bin/java" bench/lib/HttpLoad.java "http://127.0.0.1:$PORT/internal/v1/notify" $CONCURRENCY "$WARMUP" 200 "$BODY" "Authorization: Bearer bench-token" >/dev/null
echo "Measuring: $REQUESTS notifications at concurrency $CONCURRENCY..."
CPU_BEFORE=$(cpu_seconds $SERVICE)
PUSH_CPU_BEFORE=$(cpu_seconds $PUSH_PID)
# The load generator and the push service share the 2 cores with the server: their CPU is
# recorded too, so a run where they, not webpush, were the limit shows as such.
"$JAVA_HOME/bin/java" bench/lib/HttpLoad.java "http://127.0.0.1:$PORT/internal/v1/notify" $CONCURRENCY "$REQUESTS" 200 "$BODY" \
  "Authorization: Bearer bench-token" > "$WORK/load.out" &
LOAD=$!
LOAD_CPU=0
while kill -0 $LOAD 2>/dev/null; do LOAD_CPU=$(cpu_seconds $LOAD); sleep 0.5; done
wait $LOAD
LINE=$(cat "$WORK/load.out")
CPU=$(echo "$(cpu_seconds $SERVICE) - $CPU_BEFORE" | bc)
PUSH_CPU=$(echo "$(cpu_seconds $PUSH_PID) - $PUSH_CPU_BEFORE" | bc)
echo "$LINE cpu=${CPU}s rss=$(rss_kb $SERVICE)kB (push service cpu=${PUSH_CPU}s, load generator cpu>=${LOAD_CPU}s)"
echo "uptime: $(uptime)"
PACED_RATE="${PACED_RATE:-1000}"
PACED=""
if [ "$PACED_RATE" != 0 ]; then
  echo "Paced: $REQUESTS notifications at $PACED_RATE/s..."
  PACED=$(RATE=$PACED_RATE "$JAVA_HOME/bin/java" bench/lib/HttpLoad.java "http://127.0.0.1:$PORT/internal/v1/notify" $CONCURRENCY "$REQUESTS" 200 \
    "$BODY" "Authorization: Bearer bench-token")
  echo "$PACED"
  PACED="; $PACED"
fi

mkdir -p bench/results
[ -f "$RESULTS" ] || printf '# webpush: notifications per second\n\nEach row: one run of the command shown, after a warm-up (10000 notifications unless said). Each notify pushes one encrypted call-incoming (fresh ECDH key, VAPID JWT) to one device through a local RFC 8030 push service (Node, decrypting each message with http_ece) on the same 2 cores; latency is the notify call as sip-proxy sees it. Targets: >= 1000/s, p99 < 50 ms.\n\n| date | command | result |\n|---|---|---|\n' > "$RESULTS"
printf '| %s | `bench/webpush.sh %s` | %s cpu=%ss rss=%skB; push service cpu=%ss, load generator cpu>=%ss%s; load average %s |\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$REQUESTS" "$LINE" "$CPU" "$(rss_kb $SERVICE)" "$PUSH_CPU" "$LOAD_CPU" "$PACED" \
  "$(uptime | sed 's/.*load average: //')" >> "$RESULTS"
echo "Recorded in $RESULTS"
