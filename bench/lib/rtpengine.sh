# Sourced by the benchmarks that measure against rtpengine: the anchor, started the same way in
# each (userspace forwarding, two threads, ports freed at delete as media-relay frees them).

# start_rtpengine NG_PORT PORT_MIN PORT_MAX LOG: rtpengine on loopback in the background; its pid
# in RTPENGINE. Exits with its log when it does not stay up.
start_rtpengine() {
  echo "rtpengine $(rtpengine --version 2>&1 | awk '{print $2}') on ng 127.0.0.1:$1..."
  rtpengine --interface=127.0.0.1 --listen-ng=127.0.0.1:"$1" --port-min="$2" --port-max="$3" \
    --table=-1 --foreground --log-stderr --log-level=4 --num-threads=2 --delete-delay=0 > "$4" 2>&1 &
  RTPENGINE=$!
  sleep 2
  kill -0 "$RTPENGINE" 2>/dev/null || { cat "$4"; exit 1; }
}
