#!/usr/bin/env bash
# Benchmark: calls per second through sip-proxy + media-relay side by side with their anchor
# Kamailio 5.6 + rtpengine 10.5, same sipp scenarios, same users, same machine, one run.
# A call: sipp UAC INVITE (SDP) -> 407 -> ACK -> INVITE with credentials -> proxy (digest against
# the `subscriber` table, registrar lookup, Record-Route, SDP offer through the relay) -> sipp UAS
# (a registered callee) 180, 200 with SDP (answer through the relay) -> ACK and, after the hold
# time, BYE along the route set (relay session deleted). SDP only: no RTP is sent.
# For each server pair and offered rate: completed and failed calls, achieved rate, p50/p99 of
# INVITE-with-credentials..200 and of INVITE..407, CPU seconds and RSS of the SIP server and of the
# relay. Appends to bench/results/sip-calls.md with this command.
# Usage: bench/sip-calls.sh [users, default 10000] [seconds per step, default 10]
#        RATES="100 200 300 400 600 800 1000" HOLD_MS=1000 CALLEES=1000 WARMUP=20000 WARMUP_RATE=400 to change the steps;
#        PUSH_CALLS=300 (0: skip) calls to sleeping phones after the steps, sip-proxy only: INVITE -> push
#        and waking REGISTER -> INVITE at the phone, p50/p99 (bench/sip/push_wake.py plays webpush,
#        caller and phone; one call at a time, after as many unrecorded ones).
#        MEDIA=none: the SIP servers alone, Kamailio without rtpengine and sip-proxy with
#        SIP_MEDIA_RELAYS=none, the SDP passing untouched (results in bench/results/sip-calls-no-media.md;
#        no push calls unless PUSH_CALLS is set).
#        PROXY_JAVA_OPTS="..." / RELAY_JAVA_OPTS="..." appended to services/<service>/jvm.options (to compare
#        JVM settings; recorded in the results heading); BENCH_PAUSE="beam.smp postgres ..." to pause
#        daemons the suite does not use (bench/lib/quiet-machine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh
USERS="${1:-10000}"
STEP_SECONDS="${2:-10}"
RATES="${RATES:-100 200 300 400 600 800 1000}"
HOLD_MS="${HOLD_MS:-1000}"
CALLEES="${CALLEES:-1000}"
WARMUP="${WARMUP:-20000}"
WARMUP_RATE="${WARMUP_RATE:-400}"
MEDIA="${MEDIA:-relay}"
case "$MEDIA" in relay | none) ;; *) echo "MEDIA is relay or none, not '$MEDIA'" >&2; exit 1 ;; esac
if [ "$MEDIA" = none ]; then PUSH_CALLS="${PUSH_CALLS:-0}"; else PUSH_CALLS="${PUSH_CALLS:-300}"; fi
PROXY_JAVA_OPTS="${PROXY_JAVA_OPTS:-}"
RELAY_JAVA_OPTS="${RELAY_JAVA_OPTS:-}"
DOMAIN=bench.local
DATABASE=webphone_bench_calls
WORK="$PWD/bench/work/calls"
SCENARIOS="$PWD/bench/sip"
RESULTS=bench/results/sip-calls.md
ANCHOR="kamailio + rtpengine"
OURS="sip-proxy + media-relay"
RTPENGINE_TITLE=" + rtpengine 10.5"
if [ "$MEDIA" = none ]; then
  RESULTS=bench/results/sip-calls-no-media.md
  ANCHOR=kamailio
  OURS=sip-proxy
  RTPENGINE_TITLE=""
fi
# sipp's sockets get 4 MB kernel buffers (its default is 64 KB): a server that answers a burst at
# once (a group commit) overflowed the default, and each lost answer cost a 500 ms retransmission.
SIPP_BUFFERS="-buff_size 4194304"
KAMAILIO_PORT=5080
PROXY_PORT=5082
UAS_PORT=5090
RTPENGINE_NG=22250
RELAY_NG=22260
PROXY_HTTP=18091
RELAY_HTTP=18094
# Media ports: 15,000 per relay (3,750 calls of two RTP/RTCP pairs). With 10,000 each, both relays
# ran out when a server's setup time grew under load (calls live setup + hold + BYE) and then
# refused every new call: the range, not the server, set the peak.
PUSH_HTTP=18095
rm -rf "$WORK" && mkdir -p "$WORK"
command -v sipp >/dev/null && command -v kamailio >/dev/null || { echo "Needs sipp (sip-tester) and kamailio (+ kamailio-mysql-modules)" >&2; exit 1; }
if [ "$MEDIA" = relay ]; then
  command -v rtpengine >/dev/null || { echo "Needs rtpengine (rtpengine-daemon)" >&2; exit 1; }
  [ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/rtpengine.so ] || { echo "Needs Kamailio's rtpengine module" >&2; exit 1; }
fi
[ "$USERS" -ge $((CALLEES + 4 * PUSH_CALLS)) ] || { echo "Needs at least CALLEES + 4 * PUSH_CALLS users" >&2; exit 1; }

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
# The first CALLEES users are the callees (all registered at the UAS's address); the others call
# them in turn, each call with its caller's credentials.
{ echo "SEQUENTIAL"; for ((n = 0; n < CALLEES; n++)); do printf '55500%06d;[authentication username=55500%06d password=bench-%d];%s\n' "$n" "$n" "$n" "$DOMAIN"; done; } > "$WORK/callees.csv"
{ echo "SEQUENTIAL"; for ((n = CALLEES; n < USERS; n++)); do printf '55500%06d;55500%06d;[authentication username=55500%06d password=bench-%d];%s\n' "$n" "$((n % CALLEES))" "$n" "$n" "$DOMAIN"; done; } > "$WORK/calls.csv"

source bench/lib/process-stats.sh
source bench/lib/rtpengine.sh
source bench/lib/readiness.sh
source bench/lib/quiet-machine.sh
# MariaDB serves both SIP servers (Kamailio's auth_db reads `subscriber` per request, sip-proxy
# caches credentials but reads `location` per call): its CPU is shown apart, in neither total.
DB_PID=$(pgrep -xo mariadbd || pgrep -xo mysqld || echo 1)

# register PORT: the callees register (REGISTER + digest) from the UAS's address, as phones do.
register() {
  (cd "$WORK" && timeout 120 sipp $SIPP_BUFFERS -sf "$SCENARIOS/register.xml" -inf callees.csv -i 127.0.0.1 -p $UAS_PORT -t u1 \
      -r 500 -m "$CALLEES" -l 1000 -recv_timeout 5000 -nostdin -timeout 100s -trace_stat -stf register-stat.csv -fd 1 \
      "127.0.0.1:$1" >/dev/null 2>&1) || true
  local ok
  ok=$(column_of "$WORK/register-stat.csv" "SuccessfulCall(C)")
  [ "${ok:-0}" -eq "$CALLEES" ] || { echo "Only ${ok:-0} of $CALLEES callees registered" >&2; return 1; }
}

# column_of FILE NAME: NAME's value in the last line of sipp's ;-separated statistics FILE.
column_of() {
  awk -F';' -v want="$2" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == want) c = i} END {if (c) print $c}' "$1"
}

# percentiles RTD: "p50 p99" of sipp's response-time measure number RTD, ms.
percentiles() {
  cat "$WORK"/uac-call-bench_*_rtt.csv 2>/dev/null | awk -F';' -v rtd="$1" 'NR > 1 && $3 == rtd && $2 != "" {print $2}' | sort -n \
    | awk '{v[NR] = $1} END {if (NR) printf "%.1f %.1f", v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1]; else print "- -"}'
}

# call_step RATE CALLS PORT STAT: one sipp UAC run; the statistics go to STAT, the rtt files stay in WORK.
call_step() {
  local rate=$1 calls=$2 port=$3
  (cd "$WORK" && timeout $((calls / rate * 2 + 30)) sipp $SIPP_BUFFERS -sf "$SCENARIOS/uac-call-bench.xml" -inf calls.csv \
      -i 127.0.0.1 -p 0 -t u1 -r "$rate" -m "$calls" -l $((rate * 3 + 100)) -d "$HOLD_MS" -recv_timeout 5000 \
      -trace_stat -stf "$4" -fd 1 -trace_rtt -rtt_freq 1 -trace_err -error_file "${4%.csv}-errors.log" \
      -nostdin -timeout $((calls / rate * 2 + 20))s "127.0.0.1:$port" >/dev/null 2>&1) || true
}

# measure NAME SIP_PID MEDIA_PID PORT (MEDIA_PID - without a relay): a warm-up, then one sipp run per offered rate; a table row each.
measure() {
  local name=$1 sip=$2 media=$3 port=$4 short=${1%% *} stat rate calls sip_before media_before db_before sip_cpu media_cpu media_pss db_cpu ok failed started elapsed achieved setup challenge
  # Warm-up, not recorded: a JVM compiles its hot paths during the first thousands of calls.
  call_step "$WARMUP_RATE" "$WARMUP" "$port" "$short-warmup.csv"
  rm -f "$WORK"/uac-call-bench_*_rtt.csv
  for rate in $RATES; do
    calls=$((rate * STEP_SECONDS))
    sip_before=$(cpu_seconds "$sip")
    media_before=$([ "$media" = - ] || cpu_seconds "$media")
    db_before=$(cpu_seconds "$DB_PID")
    stat="$short-$rate.csv"
    rm -f "$WORK"/uac-call-bench_*_rtt.csv
    started=$(date +%s.%N)
    call_step "$rate" "$calls" "$port" "$stat"
    elapsed=$(echo "$(date +%s.%N) - $started" | bc)
    sip_cpu=$(echo "$(cpu_seconds "$sip") - $sip_before" | bc)
    media_cpu=- media_pss=-
    if [ "$media" != - ]; then
      media_cpu=$(echo "$(cpu_seconds "$media") - $media_before" | bc)
      media_pss=$(pss_kb "$media")
    fi
    db_cpu=$(echo "$(cpu_seconds "$DB_PID") - $db_before" | bc)
    ok=$(column_of "$WORK/$stat" "SuccessfulCall(C)")
    # Failed: every offered call that did not complete (sipp's failures and the calls still
    # unfinished when the step's time limit, twice its length + 20 s, ran out).
    failed=$((calls - ${ok:-0}))
    # Completed calls per second of the step; the last calls' hold time is not the server's.
    achieved=$(echo "${ok:-0} / ($elapsed - $HOLD_MS / 1000)" | bc -l)
    setup=$(percentiles 2)
    challenge=$(percentiles 1)
    printf '| %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$rate" "${ok:-0}" "${failed:-?}" \
      "$achieved" ${setup% *} ${setup#* } ${challenge#* } "$sip_cpu" "$media_cpu" "$(pss_kb "$sip")" "$media_pss" "$db_cpu"
    sleep 2 # Let the last BYEs' relay deletes and the transactions' timers settle.
    # Collapsed (less than half the offered rate): higher rates would only say the same, slower.
    if [ "$(echo "$achieved < $rate / 2" | bc -l)" = 1 ]; then break; fi
  done
}

# uas NAME: the callees' phone, one sipp UAS at the address they registered from.
uas() {
  sleep 2 # Late 200s to retransmitted REGISTERs must not reach the UAS.
  (cd "$WORK" && exec sipp $SIPP_BUFFERS -sf "$SCENARIOS/uas-answer.xml" -i 127.0.0.1 -p $UAS_PORT -t u1 -nostdin -trace_err \
      -error_file "$1-uas-errors.log" > "$1-uas.log" 2>&1) &
  UAS=$!
  sleep 1
}

ROWS="$WORK/rows.md"
: > "$ROWS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

trap 'kill $(jobs -p) 2>/dev/null || true; resume_paused' EXIT
# Started first and given its two seconds: Kamailio pings rtpengine at start and disables it if it does not answer yet.
KAMAILIO_DEFINES=()
RTPENGINE=-
if [ "$MEDIA" = relay ]; then
  start_rtpengine $RTPENGINE_NG 33000 47999 "$WORK/rtpengine.log"
  KAMAILIO_DEFINES=(-A WITH_RTPENGINE)
fi
echo "Kamailio on 127.0.0.1:$KAMAILIO_PORT..."
sed -e "s/BENCH_PORT/$KAMAILIO_PORT/" -e "s#BENCH_DB_URL#mysql://root@127.0.0.1/$DATABASE#" -e "s/BENCH_CHILDREN/4/" \
  -e "s/BENCH_RTPENGINE/127.0.0.1:$RTPENGINE_NG/" bench/sip/kamailio-calls.cfg > "$WORK/kamailio.cfg"
# Kamailio's shared memory (-m, MB) is 1 GB, sip-proxy's heap limit: with 256 MB its transaction
# module ran out at 2000 calls/s (MEDIA=none) and answered 500 to new calls.
kamailio -f "$WORK/kamailio.cfg" "${KAMAILIO_DEFINES[@]}" -DD -E -m 1024 -M 32 -u root -g root > "$WORK/kamailio.log" 2>&1 &
KAMAILIO=$!
sleep 2
[ "$RTPENGINE" = - ] || kill -0 $RTPENGINE 2>/dev/null || { cat "$WORK/rtpengine.log"; exit 1; }
kill -0 $KAMAILIO 2>/dev/null || { cat "$WORK/kamailio.log"; exit 1; }
register $KAMAILIO_PORT
uas kamailio
measure "$ANCHOR" $KAMAILIO $RTPENGINE $KAMAILIO_PORT | tee -a "$ROWS"
[ "$RTPENGINE" = - ] || { kill $RTPENGINE; wait $RTPENGINE 2>/dev/null || true; }
kill $UAS $KAMAILIO; wait $UAS $KAMAILIO 2>/dev/null || true

PROXY_JAR=services/sip-proxy/target/quarkus-app/quarkus-run.jar
RELAY_JAR=services/media-relay/target/quarkus-app/quarkus-run.jar
if [ -f "$PROXY_JAR" ] && { [ "$MEDIA" = none ] || [ -f "$RELAY_JAR" ]; }; then
  RELAY=-
  RELAYS=none
  if [ "$MEDIA" = relay ]; then
    echo "media-relay on ng 127.0.0.1:$RELAY_NG..."
    MEDIA_NG_PORT=$RELAY_NG MEDIA_PUBLIC_IP=127.0.0.1 MEDIA_LISTEN_IP=127.0.0.1 MEDIA_PORT_MIN=48000 MEDIA_PORT_MAX=62999 \
      MEDIA_RELAY_HTTP_PORT=$RELAY_HTTP MEDIA_RELAY_HTTP_HOST=127.0.0.1 "$JAVA_HOME/bin/java" $(cat services/media-relay/jvm.options) $RELAY_JAVA_OPTS -jar "$RELAY_JAR" > "$WORK/media-relay.log" 2>&1 &
    RELAY=$!
    RELAYS=127.0.0.1:$RELAY_NG
  fi
  echo "sip-proxy on 127.0.0.1:$PROXY_PORT..."
  declare -A PROXY_ENV=([DB_URL]="jdbc:mysql://127.0.0.1:3306/$DATABASE" [DB_USER]=root [DB_PASSWORD]= [SIP_DOMAIN]=$DOMAIN
    [SIP_BIND_HOST]=127.0.0.1 [SIP_PUBLIC_HOST]=127.0.0.1 [SIP_UDP_PORT]=$PROXY_PORT [SIP_TCP_PORT]=-1 [SIP_TLS_PORT]=-1
    [SIP_WS_PORT]=-1 [SIP_PROXY_HTTP_PORT]=$PROXY_HTTP [SIP_PROXY_HTTP_HOST]=127.0.0.1 [SIP_MEDIA_RELAYS]=$RELAYS
    [SIP_WEBPUSH_URL]=none [SIP_FLOOD_REQUESTS]=1000000 [DATA_DIR]="$WORK")
  start_proxy() {
    local settings=() key
    for key in "${!PROXY_ENV[@]}"; do settings+=("$key=${PROXY_ENV[$key]}"); done
    env "${settings[@]}" "$JAVA_HOME/bin/java" $(cat services/sip-proxy/jvm.options) $PROXY_JAVA_OPTS -jar "$PROXY_JAR" >> "$WORK/sip-proxy.log" 2>&1 &
    PROXY=$!
  }
  start_proxy
  [ "$RELAY" = - ] || wait_up media-relay $RELAY http://127.0.0.1:$RELAY_HTTP/q/health/ready "$WORK/media-relay.log"
  wait_up sip-proxy $PROXY http://127.0.0.1:$PROXY_HTTP/q/health/ready "$WORK/sip-proxy.log"
  register $PROXY_PORT
  uas sip-proxy
  measure "$OURS" $PROXY $RELAY $PROXY_PORT | tee -a "$ROWS"
  kill $UAS $PROXY; wait $UAS $PROXY 2>/dev/null || true
  if [ "$PUSH_CALLS" -gt 0 ]; then
    # Waking sleeping phones (sip-proxy only: the anchor has no push): sip-proxy again, now with
    # bench/sip/push_wake.py as its webpush, the caller and the woken phone; one call at a time.
    echo "sip-proxy with push wake-ups, $PUSH_CALLS calls to sleeping phones..."
    PROXY_ENV[SIP_WEBPUSH_URL]=http://127.0.0.1:$PUSH_HTTP
    start_proxy
    wait_up sip-proxy $PROXY http://127.0.0.1:$PROXY_HTTP/q/health/ready "$WORK/sip-proxy.log"
    # Callees: users from CALLEES on (never registered); callers: the last users. First pass: warm-up.
    for pass in warmup measured; do
      offset=$([ $pass = warmup ] && echo 0 || echo "$PUSH_CALLS")
      for ((i = 0; i < PUSH_CALLS; i++)); do
        c=$((USERS - 1 - i - offset)); e=$((CALLEES + i + offset))
        printf '55500%06d;bench-%d;55500%06d;bench-%d\n' "$c" "$c" "$e" "$e"
      done > "$WORK/push-$pass.csv"
      python3 bench/sip/push_wake.py 127.0.0.1:$PROXY_PORT $DOMAIN $PUSH_HTTP "$WORK/push-$pass.csv" > "$WORK/push-$pass.txt" 2> "$WORK/push-$pass-errors.log" || true
    done
    PUSH_LINE=$(tail -n 1 "$WORK/push-measured.txt")
    echo "$PUSH_LINE"
    kill $PROXY; wait $PROXY 2>/dev/null || true
  fi
  [ "$RELAY" = - ] || { kill $RELAY; wait $RELAY 2>/dev/null || true; }
else
  echo "sip-proxy or media-relay is not built ($PROXY_JAR, $RELAY_JAR): only the anchor was measured." | tee -a "$ROWS"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Ratios per offered rate (ours / anchor) and the peaks: the highest offered rate with at most
# 0.1% failed calls (sipp loses the odd call at the end of a step even with Kamailio) and an
# achieved rate within 5% of it.
SUMMARY=$(awk -F'|' '
  { gsub(/ /, "", $2); name = ($2 ~ /^kamailio/) ? "k" : "s"; rate = $3 + 0; ok = $4 + 0; failed = $5 + 0; ach = $6 + 0
    cpu = $10 + $11; rss = $12 + $13
    a[name, rate] = ach; c[name, rate] = cpu; r[name, rate] = rss; p99[name, rate] = $8 + 0; rates[rate] = 1
    if (failed <= 0.001 * (ok + failed) && ach >= 0.95 * rate && rate > peak[name]) peak[name] = rate }
  END {
    n = asorti(rates, sorted, "@ind_num_asc")
    for (i = 1; i <= n; i++) { x = sorted[i]
      if ((("k", x) in a) && (("s", x) in a) && a["k", x] > 0 && c["k", x] > 0 && r["k", x] > 0)
        printf "| %s | %.2f | %.2f | %.2f |\n", x, a["s", x] / a["k", x], c["s", x] / c["k", x], r["s", x] / r["k", x] }
    printf "PEAK %d %d\n", peak["k"] + 0, peak["s"] + 0 }' "$ROWS")

mkdir -p bench/results
[ "$MEDIA" = relay ] || NO_MEDIA_NOTE=' Here (MEDIA=none) the SIP servers run alone: Kamailio without rtpengine (bench/sip/kamailio-calls.cfg without WITH_RTPENGINE), sip-proxy with SIP_MEDIA_RELAYS=none; the SDP passes untouched, and the relay columns are empty.'
[ -f "$RESULTS" ] || printf '%s\n' "# Calls per second: $OURS vs Kamailio 5.6$RTPENGINE_TITLE" '' \
  'Each block: one run of the command shown, on one machine (loopback; load generator, SIP server, relay and MariaDB share the cores). sipp offers each rate for the given seconds over UDP from one socket. A call: INVITE with SDP, 407, ACK, INVITE with credentials (digest against the same `subscriber` table), the proxy looks the callee up (one of the registered callees, all at one sipp UAS; registered beforehand with REGISTER + digest, in MariaDB for sip-proxy, in memory for Kamailio), record-routes and puts the SDP offer through its relay (ng, RTP/AVP both legs); the UAS answers 180 then 200 with SDP (answer through the relay); ACK; BYE along the route set after the hold time (relay session deleted); 200. SDP only, no RTP. ok = sipp'"'"'s successful calls, failed = offered - ok (failed or unfinished when the step'"'"'s time limit, twice its length + 20 s, ran out); a server'"'"'s higher rates are skipped after a step below half its offered rate; achieved/s = completed calls / (step wall time - hold time). setup = INVITE with credentials .. 200, 407 = first INVITE .. 407, in ms (sipp'"'"'s resolution). CPU = CPU seconds of the SIP server / the relay (whole process trees) in the step; memory = PSS (proportional set size, so Kamailio'"'"'s shared memory, mapped by all its processes, counts once) in kB after it; CPU s MariaDB = the database server'"'"'s CPU seconds in the step (shared by the machine, in neither ratio). The peak is the highest offered rate with at most 0.1% failed calls and an achieved rate within 5% of it (until 2026-11-26: 0 failed calls). Each pair first gets an unrecorded warm-up (WARMUP calls at WARMUP_RATE/s, in the block title). Push (sip-proxy only; the anchor has none): sip-proxy restarted with SIP_WEBPUSH_URL at bench/sip/push_wake.py, which plays webpush (answers 200 delivered at once), the caller and the woken phone; one call at a time to a number without binding: INVITE with credentials sent .. push received, and the phone'"'"'s first REGISTER (with the 401 round) / its REGISTER with credentials sent .. the held INVITE received, p50/p99 in ms; the phone answers 486 and the next call goes to another sleeping number. Kamailio: 4 UDP children, bench/sip/kamailio-calls.cfg; rtpengine: userspace (--table=-1), 2 threads; sip-proxy and media-relay: the jars with their defaults except ports.'"${NO_MEDIA_NOTE:-}" > "$RESULTS"
{ printf '\n## %s — `bench/sip-calls.sh %s %s` (RATES="%s", HOLD_MS=%s, CALLEES=%s, WARMUP=%s, WARMUP_RATE=%s, PUSH_CALLS=%s%s%s)\n\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$USERS" "$STEP_SECONDS" "$RATES" "$HOLD_MS" "$CALLEES" "$WARMUP" "$WARMUP_RATE" "$PUSH_CALLS" \
    "${PROXY_JAVA_OPTS:+, PROXY_JAVA_OPTS=\"$PROXY_JAVA_OPTS\"}" "${RELAY_JAVA_OPTS:+, RELAY_JAVA_OPTS=\"$RELAY_JAVA_OPTS\"}${BENCH_PAUSE:+, BENCH_PAUSE=\"$BENCH_PAUSE\"}"
  printf 'Machine: %s cores; load average (1/5/15 min) %s before the run, %s after it.\n\n' "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER"
  printf '| servers | offered/s | ok | failed | achieved/s | setup p50 ms | setup p99 ms | 407 p99 ms | CPU s SIP | CPU s relay | PSS kB SIP | PSS kB relay | CPU s MariaDB |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
  cat "$ROWS"
  printf '\nRatios, %s / %s:\n\n| offered/s | achieved rate | CPU (SIP + relay) | memory, PSS (SIP + relay) |\n|---|---|---|---|\n' "$OURS" "$ANCHOR"
  echo "$SUMMARY" | grep -v '^PEAK'
  read -r _ KPEAK SPEAK <<< "$(echo "$SUMMARY" | grep '^PEAK')"
  printf '\nPeak (<= 0.1%% failed, achieved >= 95%% of offered): %s %s calls/s, %s %s calls/s' "$ANCHOR" "$KPEAK" "$OURS" "$SPEAK"
  # The 1.5x target is for the whole chain (media relayed); the SIP servers alone have none.
  if [ "$KPEAK" -gt 0 ]; then printf ' (%.2fx%s).\n' "$(echo "$SPEAK / $KPEAK" | bc -l)" "$([ "$MEDIA" = relay ] && echo '; target >= 1.5x')"
  else printf '.\n'; fi
  if [ -n "${PUSH_LINE:-}" ]; then
    printf '\nPush wake-ups through sip-proxy + media-relay (targets: push < 50 ms p99 after the INVITE, INVITE < 100 ms p99 after the REGISTER):\n\n`%s`\n' "$PUSH_LINE"
  fi
} >> "$RESULTS"
echo "Recorded in $RESULTS"
