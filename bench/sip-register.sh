#!/usr/bin/env bash
# Benchmark: REGISTER with digest authentication per second, sip-proxy side by side with its anchor
# Kamailio 5.6 (auth_db on the same `subscriber` table, usrloc in memory), same sipp scenario,
# same users, same machine, one run. For each server and offered rate: successful and failed
# registrations, achieved rate, p50/p99 of REGISTER..200 (both round trips), server CPU and RSS;
# and the floor: the same rates against sipp answering for itself.
# Appends to bench/results/sip-register.md with this command.
# Usage: bench/sip-register.sh [users, default 10000] [seconds per step, default 5]
#        RATES="500 1000 2000 4000 8000" to change the steps; PROXY_JAVA_OPTS="..." appended to
#        services/sip-proxy/jvm.options (to compare JVM settings; recorded in the results heading);
#        BENCH_PAUSE="beam.smp postgres ..." to pause daemons the suite does not use (bench/lib/quiet-machine.sh);
#        SIP_LOCATION_REFRESH_SLACK=PT0S to have sip-proxy write every refresh (default: one per 30 s).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh
USERS="${1:-10000}"
STEP_SECONDS="${2:-5}"
RATES="${RATES:-500 1000 2000 4000 8000}"
PROXY_JAVA_OPTS="${PROXY_JAVA_OPTS:-}"
DOMAIN=bench.local
DATABASE=webphone_bench_sip
WORK="$PWD/bench/work/sip"
RESULTS=bench/results/sip-register.md
# sipp's sockets get 4 MB kernel buffers (its default is 64 KB): a server that answers a burst at
# once (a group commit) overflowed the default, and each lost answer cost a 500 ms retransmission.
SIPP_BUFFERS="-buff_size 4194304"
KAMAILIO_PORT=5070
PROXY_PORT=5072
FLOOR_PORT=5074
# The phones' side: every sipp run (warm-up and steps) sends from this one port, so a step's
# REGISTERs refresh the bindings the warm-up made, as phones that stay put do. With a new port per
# run (sipp's -p 0, used until 2026-11-27) each step began by moving all 10,000 users to a new
# contact, a burst of new bindings (and rows) at every step's start, and each user gathered one
# binding per step.
CLIENT_PORT=5076
rm -rf "$WORK" && mkdir -p "$WORK"
command -v sipp >/dev/null && command -v kamailio >/dev/null || { echo "Needs sipp (sip-tester) and kamailio (+ kamailio-mysql-modules)" >&2; exit 1; }

echo "Schema and $USERS subscribers in $DATABASE..."
source bench/lib/database.sh
fresh_database "$DATABASE"
# The local database is MariaDB (recursion limit: max_recursive_iterations).
mysql --protocol=tcp -h 127.0.0.1 -u root "$DATABASE" -e "
  SET SESSION max_recursive_iterations = 10000000;
  INSERT INTO subscriber (username, domain, ha1, ha1b, ha1_sha256)
  WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < $USERS - 1)
  SELECT CONCAT('55500', LPAD(n, 6, '0')), '$DOMAIN',
         MD5(CONCAT('55500', LPAD(n, 6, '0'), ':$DOMAIN:bench-', n)),
         MD5(CONCAT('55500', LPAD(n, 6, '0'), '@$DOMAIN:$DOMAIN:bench-', n)),
         SHA2(CONCAT('55500', LPAD(n, 6, '0'), ':$DOMAIN:bench-', n), 256)
  FROM seq;"
{ echo "SEQUENTIAL"; for ((n = 0; n < USERS; n++)); do printf '55500%06d;[authentication username=55500%06d password=bench-%d];%s\n' "$n" "$n" "$n" "$DOMAIN"; done; } > "$WORK/users.csv"

source bench/lib/process-stats.sh
source bench/lib/readiness.sh
source bench/lib/quiet-machine.sh

# measure NAME PID PORT [cold]: one sipp run per offered rate; prints a table row per rate.
# A server is warmed up and read at rest first, unless "cold" (the floor, which has no state).
measure() {
  local name=$1 pid=$2 port=$3 rate calls cpu_before cpu_after stat ok failed rtt p50 p99 elapsed
  if [ "${4:-}" != cold ]; then
    # Warm-up, not recorded: a JVM compiles its hot paths during the first ~100,000 registrations
    # (measured: after 40,000 its compiler still took 3.6 of the 10 CPU seconds of an 8 s step).
    (cd "$WORK" && timeout 120 sipp $SIPP_BUFFERS -sf "$PWD/../../sip/register.xml" -inf users.csv -i 127.0.0.1 -p $CLIENT_PORT -t u1 \
        -r 2000 -m "${WARMUP:-100000}" -l 4000 -recv_timeout 5000 -nostdin -timeout 110s "127.0.0.1:$port" >/dev/null 2>&1) || true
    # At rest with every user registered, once the answers kept for retransmissions (32 s) are gone.
    sleep "${REST_SECONDS:-35}"
    printf '| %s | at rest, %s registered | - | - | - | - | - | - | %s |\n' "$name" "$USERS" "$(rss_kb "$pid")"
  fi
  for rate in $RATES; do
    calls=$((rate * STEP_SECONDS))
    cpu_before=$(cpu_seconds "$pid")
    rm -f "$WORK"/register_*_rtt.csv "$WORK"/stat.csv
    local started=$(date +%s.%N)
    (cd "$WORK" && timeout $((STEP_SECONDS * 6 + 30)) sipp $SIPP_BUFFERS -sf "$PWD/../../sip/register.xml" -inf users.csv \
        -i 127.0.0.1 -p $CLIENT_PORT -t u1 -r "$rate" -m "$calls" -l $((rate * 2)) -recv_timeout 5000 \
        -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 1 \
        -nostdin -timeout $((STEP_SECONDS * 6 + 20))s "127.0.0.1:$port" >/dev/null 2>&1) || true
    elapsed=$(echo "$(date +%s.%N) - $started" | bc)
    cpu_after=$(cpu_seconds "$pid")
    stat=$(tail -n 1 "$WORK/stat.csv")
    ok=$(echo "$stat" | awk -F';' -v h="$(head -n 1 "$WORK/stat.csv")" 'BEGIN{n=split(h,a,";"); for(i=1;i<=n;i++) if(a[i]=="SuccessfulCall(C)") c=i} {print $c}')
    failed=$(echo "$stat" | awk -F';' -v h="$(head -n 1 "$WORK/stat.csv")" 'BEGIN{n=split(h,a,";"); for(i=1;i<=n;i++) if(a[i]=="FailedCall(C)") c=i} {print $c}')
    rtt=$(cat "$WORK"/register_*_rtt.csv 2>/dev/null | awk -F';' 'NR>1 && $2 != "" {print $2}' | sort -n)
    p50=$(echo "$rtt" | awk '{v[NR]=$1} END{if(NR) printf "%.2f", v[int(NR*0.5)+1]; else print "-"}')
    p99=$(echo "$rtt" | awk '{v[NR]=$1} END{if(NR) printf "%.2f", v[int(NR*0.99)+1]; else print "-"}')
    printf '| %s | %s | %s | %s | %.0f | %s | %s | %s | %s |\n' "$name" "$rate" "$ok" "$failed" \
      "$(echo "$ok / $elapsed" | bc -l)" "$p50" "$p99" "$(echo "$cpu_after - $cpu_before" | bc)" "$(rss_kb "$pid")"
  done
}

ROWS="$WORK/rows.md"
: > "$ROWS"

echo "Kamailio 5.6 on 127.0.0.1:$KAMAILIO_PORT..."
sed -e "s/BENCH_PORT/$KAMAILIO_PORT/" -e "s#BENCH_DB_URL#mysql://root@127.0.0.1/$DATABASE#" -e "s/BENCH_CHILDREN/4/" \
  bench/sip/kamailio-anchor.cfg > "$WORK/kamailio.cfg"
# Kamailio's shared memory (-m, MB) is 1 GB, sip-proxy's heap limit, as in bench/sip-calls.sh
# (where 256 MB ran out at 2000 calls/s).
kamailio -f "$WORK/kamailio.cfg" -DD -E -m 1024 -M 16 -u root -g root > "$WORK/kamailio.log" 2>&1 &
KAMAILIO=$!
sleep 2
kill -0 $KAMAILIO 2>/dev/null || { cat "$WORK/kamailio.log"; exit 1; }
measure kamailio $KAMAILIO $KAMAILIO_PORT | tee -a "$ROWS"
kill $KAMAILIO; wait $KAMAILIO 2>/dev/null || true

PROXY_JAR=services/sip-proxy/target/quarkus-app/quarkus-run.jar
# The collector's log goes beside the server's (bench/work/sip/sip-proxy-gc.log): it tells a pause
# behind a p99, or a heap not yet given back behind the RSS at rest.
if [ -f "$PROXY_JAR" ]; then
  echo "sip-proxy on 127.0.0.1:$PROXY_PORT..."
  DB_URL="jdbc:mysql://127.0.0.1:3306/$DATABASE" DB_USER=root DB_PASSWORD= SIP_DOMAIN=$DOMAIN \
    SIP_UDP_PORT=$PROXY_PORT SIP_TCP_PORT=$PROXY_PORT SIP_TLS_PORT=0 SIP_WS_PORT=15066 SIP_PROXY_HTTP_PORT=18081 \
    SIP_FLOOD_REQUESTS=1000000000 SIP_WEBPUSH_URL=none SIP_MEDIA_RELAYS=none DATA_DIR="$WORK" \
    "$JAVA_HOME/bin/java" $(cat services/sip-proxy/jvm.options) -Xlog:gc:file="$WORK/sip-proxy-gc.log" $PROXY_JAVA_OPTS -jar "$PROXY_JAR" > "$WORK/sip-proxy.log" 2>&1 &
  PROXY=$!
  wait_up sip-proxy $PROXY http://127.0.0.1:18081/q/health/ready "$WORK/sip-proxy.log"
  measure sip-proxy $PROXY $PROXY_PORT | tee -a "$ROWS"
  kill $PROXY; wait $PROXY 2>/dev/null || true
else
  echo "sip-proxy is not built ($PROXY_JAR): only the anchor was measured." | tee -a "$ROWS"
fi

# The floor: the same client against sipp answering for itself (bench/sip/register-floor.xml), so
# what the generator and loopback add to the latencies shows beside what each server adds.
echo "The floor: sipp as a registrar that does nothing, on 127.0.0.1:$FLOOR_PORT..."
(cd "$WORK" && exec sipp $SIPP_BUFFERS -sf "$PWD/../../sip/register-floor.xml" -i 127.0.0.1 -p $FLOOR_PORT -t u1 -nostdin \
    > "$WORK/floor.log" 2>&1) &
FLOOR=$!
sleep 1
kill -0 $FLOOR 2>/dev/null || { cat "$WORK/floor.log"; exit 1; }
measure "floor (sipp answers itself)" $FLOOR $FLOOR_PORT cold | tee -a "$ROWS"
kill $FLOOR; wait $FLOOR 2>/dev/null || true

mkdir -p bench/results
[ -f "$RESULTS" ] || printf '# REGISTER with digest per second: sip-proxy vs Kamailio 5.6\n\nEach block: one run of the command shown, on one machine; sipp offers each rate for the given seconds over UDP from one socket; a registration is REGISTER, 401, REGISTER with credentials, 200 (10,000 distinct users, cycled). p50/p99 in ms (sipp measures whole milliseconds), first REGISTER to the final 200. CPU = server CPU seconds for the step; RSS in kB after it. The peak is the highest rate with 0 failures. Each server first gets an unrecorded warm-up (100000 registrations at 2000/s since 2026-11-26; 20000 at 1000/s before).\n' > "$RESULTS"
{ printf '\n## %s — `bench/sip-register.sh %s %s` (RATES="%s"%s)\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$USERS" "$STEP_SECONDS" "$RATES" \
    "${PROXY_JAVA_OPTS:+, PROXY_JAVA_OPTS=\"$PROXY_JAVA_OPTS\"}${BENCH_PAUSE:+, BENCH_PAUSE=\"$BENCH_PAUSE\"}${SIP_LOCATION_REFRESH_SLACK:+, SIP_LOCATION_REFRESH_SLACK=$SIP_LOCATION_REFRESH_SLACK}"
  printf '| server | offered/s | ok | failed | achieved/s | p50 ms | p99 ms | CPU s | RSS kB |\n|---|---|---|---|---|---|---|---|---|\n'
  cat "$ROWS"; } >> "$RESULTS"
echo "Recorded in $RESULTS"
