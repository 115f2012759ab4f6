# Sourced by the benchmarks: waits for one of our services to be ready before it is measured.

# wait_up NAME PID URL LOG: returns once URL (its /q/health/ready) answers; fails, pointing at LOG,
# when the process dies or 90 s pass, so a benchmark never measures a server that is not there.
wait_up() {
  for _ in $(seq 1 90); do curl -sf "$3" >/dev/null && return 0; kill -0 "$2" 2>/dev/null || break; sleep 1; done
  echo "$1 did not start; see $4" >&2
  return 1
}
