#!/usr/bin/env bash
# Benchmark: call control alone (ng offer, answer and delete, no media) on media-relay side by side
# with its anchor rtpengine 10.5 (userspace, 2 threads, --delete-delay=0 as in bench/sip-calls.sh),
# same driver (bench/media/NgControlLoad.java), same commands, one run. Per rate: the driver's
# line (completed calls, failed commands, command round trip p50/p99), the relay's CPU seconds
# (user and system) and its threads' context switches over the step, RSS after it. What a SIP
# proxy's calls cost its relay before any packet flows.
# Appends to bench/results/ng-control.md with this command.
# Usage: bench/ng-control.sh [seconds per step, default 10]   (RATES="500 1000 ..." calls per second)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh
source bench/lib/process-stats.sh
source bench/lib/readiness.sh
source bench/lib/rtpengine.sh
SECONDS_PER_STEP="${1:-10}"
RATES="${RATES:-500 1000 1500}"
WORK="$PWD/bench/work/ng-control"
RESULTS=bench/results/ng-control.md
RTPENGINE_NG=22231
RELAY_NG=22241
rm -rf "$WORK" && mkdir -p "$WORK"
command -v rtpengine >/dev/null || { echo "Needs rtpengine (Debian rtpengine-daemon)" >&2; exit 1; }
ROWS="$WORK/rows.md"
: > "$ROWS"

# Voluntary and involuntary context switches so far, summed over the process's threads.
context_switches() {
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches/ {n += $2} END {print n + 0}'
}

# measure NAME PID NG_PORT: a warm-up, then one driver run per rate.
measure() {
  local name=$1 pid=$2 ng=$3 rate line user_before system_before user_after system_after switches_before switches_after
  "$JAVA_HOME/bin/java" bench/media/NgControlLoad.java "127.0.0.1:$ng" 500 10 > /dev/null 2>&1
  sleep 1
  for rate in $RATES; do
    read -r user_before system_before < <(cpu_user_system "$pid")
    switches_before=$(context_switches "$pid")
    line=$({ "$JAVA_HOME/bin/java" bench/media/NgControlLoad.java "127.0.0.1:$ng" "$rate" "$SECONDS_PER_STEP" 2>&1 || true; } | tail -n 1)
    read -r user_after system_after < <(cpu_user_system "$pid")
    switches_after=$(context_switches "$pid")
    printf '| %s | %s | %s | %s (user %s, sys %s) | %s | %s |\n' "$name" "$rate" "$line" \
      "$(echo "$user_after + $system_after - $user_before - $system_before" | bc)" \
      "$(echo "$user_after - $user_before" | bc)" "$(echo "$system_after - $system_before" | bc)" \
      $((switches_after - switches_before)) "$(rss_kb "$pid")"
    sleep 2
  done
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
start_rtpengine $RTPENGINE_NG 33000 47999 "$WORK/rtpengine.log"
measure rtpengine $RTPENGINE $RTPENGINE_NG | tee -a "$ROWS"
kill $RTPENGINE; wait $RTPENGINE 2>/dev/null || true

RELAY_JAR=services/media-relay/target/quarkus-app/quarkus-run.jar
if [ -f "$RELAY_JAR" ]; then
  echo "media-relay on ng 127.0.0.1:$RELAY_NG..."
  MEDIA_NG_PORT=$RELAY_NG MEDIA_PUBLIC_IP=127.0.0.1 MEDIA_LISTEN_IP=127.0.0.1 MEDIA_PORT_MIN=48000 MEDIA_PORT_MAX=62999 \
    MEDIA_RELAY_HTTP_PORT=18085 "$JAVA_HOME/bin/java" $(cat services/media-relay/jvm.options) -jar "$RELAY_JAR" > "$WORK/media-relay.log" 2>&1 &
  RELAY=$!
  wait_up media-relay $RELAY http://127.0.0.1:18085/q/health/ready "$WORK/media-relay.log"
  measure media-relay $RELAY $RELAY_NG | tee -a "$ROWS"
  kill $RELAY; wait $RELAY 2>/dev/null || true
else
  echo "media-relay is not built ($RELAY_JAR): only the anchor was measured." | tee -a "$ROWS"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p bench/results
[ -f "$RESULTS" ] || printf '%s\n' '# Call control: media-relay vs rtpengine 10.5, ng commands only' '' \
  'Each block: one run of the command shown, on one machine (loopback; the driver and the relay share the cores). Per call: offer and answer (RTP/AVP both legs, so four sockets opened), and one second later its delete (four closed), one command at a time; no media. CPU = the relay'"'"'s CPU seconds over the step (user and system in brackets), switches = context switches of all its threads over the step, RSS in kB after it. Each relay first gets an unrecorded warm-up (500 calls/s for 10 s).' > "$RESULTS"
{ printf '\n## %s — `bench/ng-control.sh %s` (RATES="%s")\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$SECONDS_PER_STEP" "$RATES"
  printf 'Machine: %s cores; load average (1/5/15 min) %s before the run, %s after it.\n\n' "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER"
  printf '| relay | calls/s | driver | CPU s | switches | RSS kB |\n|---|---|---|---|---|---|\n'
  cat "$ROWS"
} >> "$RESULTS"
echo "Recorded in $RESULTS"
