#!/usr/bin/env bash
# Benchmark: plain RTP calls through media-relay side by side with its anchor rtpengine 10.5
# (userspace forwarding, --table=-1), same load generator (bench/media/RtpLoad.java), same ng
# commands, one run. N calls at 50 packets/s per direction, N rising; per N: loss, added
# latency p50/p99 (one way, through the relay, on loopback), relay CPU seconds and RSS; and the
# generator alone (no relay) at each N, the floor under both.
# Then the SRTP <-> RTP bridge through media-relay (bench/media/SrtpBridgeLoad.java: a browser-like
# leg with ICE, DTLS-SRTP and SRTP against a plain RTP leg, per call), SRTP_CALLS rising.
# Appends to bench/results/media-relay.md with this command.
# Usage: bench/media-relay.sh [seconds per step, default 10]   (CALLS="50 100 ..." and SRTP_CALLS="25 50 ..." to choose N; SRTP_CALLS= skips the bridge)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh
source bench/lib/process-stats.sh
source bench/lib/readiness.sh
source bench/lib/rtpengine.sh
SECONDS_PER_STEP="${1:-10}"
CALLS="${CALLS:-50 100 200 400 800}"
SRTP_CALLS="${SRTP_CALLS-25 50 100 200 400}"
WORK="$PWD/bench/work/media"
RESULTS=bench/results/media-relay.md
RTPENGINE_NG=22230
RELAY_NG=22240
rm -rf "$WORK" && mkdir -p "$WORK"
command -v rtpengine >/dev/null || { echo "Needs rtpengine (Debian rtpengine-daemon)" >&2; exit 1; }

ROWS="$WORK/rows.md"
SRTP_ROWS="$WORK/srtp-rows.md"
: > "$ROWS"
: > "$SRTP_ROWS"

# measure NAME PID NG_PORT: one load run per N.
measure() {
  local name=$1 pid=$2 ng=$3 calls line user_before system_before user_after system_after
  # Warm-up, not recorded, the same for both relays (a JVM's first seconds are spent compiling).
  "$JAVA_HOME/bin/java" bench/media/RtpLoad.java "127.0.0.1:$ng" 100 5 > /dev/null 2>&1
  sleep 1
  for calls in $CALLS; do
    read -r user_before system_before < <(cpu_user_system "$pid")
    line=$({ "$JAVA_HOME/bin/java" bench/media/RtpLoad.java "127.0.0.1:$ng" "$calls" "$SECONDS_PER_STEP" 2>&1 || true; } | tail -n 1)
    read -r user_after system_after < <(cpu_user_system "$pid")
    printf '| %s | %s | %s | %s (user %s, sys %s) | %s |\n' "$name" "$calls" "$line" \
      "$(echo "$user_after + $system_after - $user_before - $system_before" | bc)" \
      "$(echo "$user_after - $user_before" | bc)" "$(echo "$system_after - $system_before" | bc)" "$(rss_kb "$pid")"
    sleep 1
  done
}

# measure_srtp PID NG_PORT: one SRTP <-> RTP bridge load run per N, through media-relay.
measure_srtp() {
  local pid=$1 ng=$2 calls before after line
  for calls in $SRTP_CALLS; do
    before=$(cpu_seconds "$pid")
    line=$("$JAVA_HOME/bin/java" -cp "$CLASSPATH_FILE_CONTENT" bench/media/SrtpBridgeLoad.java "127.0.0.1:$ng" "$calls" "$SECONDS_PER_STEP" 2>&1 | tail -n 1)
    after=$(cpu_seconds "$pid")
    printf '| media-relay SRTP<->RTP | %s | %s | %s | %s |\n' "$calls" "$line" "$(echo "$after - $before" | bc)" "$(rss_kb "$pid")"
    sleep 1
  done
}

# The generator alone (each leg sends straight to its peer): its own latency and loss at each N,
# the floor under both relays' figures.
for calls in $CALLS; do
  line=$({ "$JAVA_HOME/bin/java" bench/media/RtpLoad.java direct "$calls" "$SECONDS_PER_STEP" 2>&1 || true; } | tail -n 1)
  printf '| no relay (generator only) | %s | %s | - | - |\n' "$calls" "$line" | tee -a "$ROWS"
  sleep 1
done

# Both relays take media ports below the kernel's ephemeral range (32768 and up), where the
# generator's own sockets land: 2000 calls need 8000 relay ports and 4000 generator ports.
start_rtpengine $RTPENGINE_NG 6000 15999 "$WORK/rtpengine.log"
measure rtpengine $RTPENGINE $RTPENGINE_NG | tee -a "$ROWS"
kill $RTPENGINE; wait $RTPENGINE 2>/dev/null || true

RELAY_JAR=services/media-relay/target/quarkus-app/quarkus-run.jar
if [ -f "$RELAY_JAR" ]; then
  echo "media-relay on ng 127.0.0.1:$RELAY_NG..."
  MEDIA_NG_PORT=$RELAY_NG MEDIA_PUBLIC_IP=127.0.0.1 MEDIA_LISTEN_IP=127.0.0.1 MEDIA_PORT_MIN=23000 MEDIA_PORT_MAX=32767 \
    MEDIA_RELAY_HTTP_PORT=18084 "$JAVA_HOME/bin/java" $(cat services/media-relay/jvm.options) -jar "$RELAY_JAR" > "$WORK/media-relay.log" 2>&1 &
  RELAY=$!
  wait_up media-relay $RELAY http://127.0.0.1:18084/q/health/ready "$WORK/media-relay.log"
  measure media-relay $RELAY $RELAY_NG | tee -a "$ROWS"
  if [ -d services/media-relay/target/test-classes/one/webph/relay/dtls ]; then
    ./mvnw -B -q -ntp -pl services/media-relay -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
    CLASSPATH_FILE_CONTENT="services/media-relay/target/classes:services/media-relay/target/test-classes:ng-protocol/target/classes:$(cat "$WORK/classpath.txt")"
    measure_srtp $RELAY $RELAY_NG | tee -a "$SRTP_ROWS"
  else
    echo "media-relay's test classes are not built: SRTP bridge not measured." | tee -a "$SRTP_ROWS"
  fi
  kill $RELAY; wait $RELAY 2>/dev/null || true
else
  echo "media-relay is not built ($RELAY_JAR): only the anchor was measured." | tee -a "$ROWS"
fi

mkdir -p bench/results
[ -f "$RESULTS" ] || printf '# RTP calls through the relay: media-relay vs rtpengine 10.5 (userspace)\n\nEach block: one run of the command shown. The generator and the relay share the 2 cores. Each call: ng offer + answer (RTP/AVP both legs), then 20 ms packets (172 bytes) both ways for the step; latency is generator-to-generator through the relay on loopback. CPU = relay CPU seconds in the step (user and system time in brackets since 2026-11-26); RSS in kB after it. Clean = 0 loss and p99 < 1 ms. Streams are spread evenly over each 20 ms (since 2026-11-26; before, all packets of a tick left in one burst, which inflated every latency figure). The "no relay" rows are the generator alone at the same N: the relay adds roughly the difference. NOTE: the generator shares the 2 cores with the relay, so at high N both compete for CPU.\n' > "$RESULTS"
{ printf '\n## %s — `bench/media-relay.sh %s` (CALLS="%s")\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$SECONDS_PER_STEP" "$CALLS"
  printf 'Load average at the end (other work on the machine shows here): %s\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '| relay | calls | result | CPU s | RSS kB |\n|---|---|---|---|---|\n'
  cat "$ROWS"
  if [ -s "$SRTP_ROWS" ]; then
    printf '\nSRTP <-> RTP bridge (SRTP_CALLS="%s"; each call: one DTLS-SRTP leg and one plain leg, 50 packets/s each way; the generator also encrypts and decrypts, on the same cores):\n\n' "$SRTP_CALLS"
    printf '| relay | calls | result | CPU s | RSS kB |\n|---|---|---|---|---|\n'
    cat "$SRTP_ROWS"
  fi; } >> "$RESULTS"
echo "Recorded in $RESULTS"
