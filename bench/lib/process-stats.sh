# Sourced by the benchmarks: CPU and memory of a server's whole process tree.

# The pid and all its descendants.
tree_pids() { echo "$1"; pgrep -P "$1" | while read -r child; do tree_pids "$child"; done; }

# User + system CPU seconds used so far by the tree.
cpu_seconds() {
  local total=0 ticks p
  for p in $(tree_pids "$1"); do
    ticks=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$((total + ticks))
  done
  echo "scale=2; $total / $(getconf CLK_TCK)" | bc
}

# User and system CPU seconds used so far by the tree, as "user system" (a relay's system time is
# the kernel's UDP path, the same for any relay; its user time is its own code).
cpu_user_system() {
  local user=0 system=0 p
  for p in $(tree_pids "$1"); do
    read -r u s < <(awk '{print $14, $15}' "/proc/$p/stat" 2>/dev/null || echo "0 0")
    user=$((user + u)); system=$((system + s))
  done
  echo "$(echo "scale=2; $user / $(getconf CLK_TCK)" | bc) $(echo "scale=2; $system / $(getconf CLK_TCK)" | bc)"
}

# Resident memory of the tree, in kB.
rss_kb() {
  local total=0 r p
  for p in $(tree_pids "$1"); do
    r=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    total=$((total + ${r:-0}))
  done
  echo "$total"
}

# Proportional set size of the tree, in kB: memory shared by its processes (Kamailio's shared
# memory, mapped by every child) counted once, where summing RSS counts it in each process.
pss_kb() {
  local total=0 r p
  for p in $(tree_pids "$1"); do
    r=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${r:-0}))
  done
  echo "$total"
}
