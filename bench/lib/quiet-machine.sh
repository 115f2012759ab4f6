# Sourced by the SIP benchmarks. BENCH_PAUSE="name ..." stops (SIGSTOP) the processes of those
# names for the run and lets them go on (SIGCONT) when the script exits, however it exits.
# Why: this workplace's machines run daemons the suite does not use (RabbitMQ's Erlang VM,
# PostgreSQL, Redis, NATS, Mosquitto). `perf sched` caught the Erlang VM's schedulers running
# 20-50 ms at a time in the windows where REGISTERs waited; on two cores shared by sipp, the
# server and MariaDB that is a p99 of its own. A script with its own EXIT trap calls
# resume_paused from it. Off by default: the machine is left as it is unless the command
# (recorded in the results heading) says otherwise.
BENCH_PAUSE="${BENCH_PAUSE:-}"
PAUSED_PIDS=""
for name in $BENCH_PAUSE; do
  # A name with no process is skipped (pgrep fails; under pipefail that would end the script).
  PAUSED_PIDS="$PAUSED_PIDS $(pgrep -x "$name" | tr '\n' ' ' || true)"
done
if [ -n "${PAUSED_PIDS// /}" ]; then
  echo "Pausing for the run (BENCH_PAUSE): $BENCH_PAUSE"
  # shellcheck disable=SC2086
  kill -STOP $PAUSED_PIDS 2>/dev/null || true
  resume_paused() { kill -CONT $PAUSED_PIDS 2>/dev/null || true; }
  trap resume_paused EXIT
else
  resume_paused() { :; }
fi
