#!/usr/bin/env bash
# What the API's access log and per-route request metrics cost per request: `serve` from the built distribution
# (mvn install -DskipTests -pl runtime,distribution first), once with ACCESS_LOG=on and once with ACCESS_LOG=off,
# each answering REQUESTS calls of GET /api/v2/platforms from one curl with PARALLEL connections, its log (LOG_FORMAT,
# default json) going to a file. Prints, per run, wall time, requests/s and the serve process's CPU microseconds
# per request (from /proc, after a warm-up of the same size), then one JSON line.
#   REQUESTS=20000 PARALLEL=8 scripts/bench-access-log.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$root/distribution/target/product-scanner"
[ -x "$dist/bin/product-scanner" ] || { echo "build the distribution first: mvn install -DskipTests -pl runtime,distribution" >&2; exit 1; }
requests="${REQUESTS:-20000}"
parallel="${PARALLEL:-8}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ticks="$(getconf CLK_TCK)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run() {
  local mode="$1" port redis pid urls start end before after
  port="$(free_port)"; redis="$(free_port)"
  PORT="$port" EMBEDDED_REDIS_PORT="$redis" DATA_DIR="$work/$mode/data" RESULTS_DIR="$work/$mode/results" \
    LOG_FORMAT="${LOG_FORMAT:-json}" ACCESS_LOG="$mode" "$dist/bin/product-scanner" serve >"$work/$mode.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/observe/health" && break
    sleep 0.5
  done
  urls="$work/urls"
  seq 1 "$requests" | sed "s|.*|url = \"http://127.0.0.1:$port/api/v2/platforms\"\noutput = \"/dev/null\"|" >"$urls"
  curl -s --no-progress-meter -Z --parallel-max "$parallel" -K "$urls" # warm-up
  before="$(cpu_ticks "$pid")"
  start="$(date +%s.%N)"
  curl -s --no-progress-meter -Z --parallel-max "$parallel" -K "$urls"
  end="$(date +%s.%N)"
  after="$(cpu_ticks "$pid")"
  kill "$pid"; wait "$pid" || true
  local lines
  lines="$(grep -c '"http.request"\|event=http.request' "$work/$mode.log" || true)"
  awk -v mode="$mode" -v n="$requests" -v s="$start" -v e="$end" -v b="$before" -v a="$after" -v hz="$ticks" \
      -v lines="$lines" 'BEGIN {
        wall = e - s; cpu = (a - b) / hz
        printf "ACCESS_LOG=%s: %d requests in %.2f s, %.0f req/s, %.1f us CPU per request, %d access lines\n",
          mode, n, wall, n / wall, cpu * 1e6 / n, lines
        printf "{\"access_log\":\"%s\",\"requests\":%d,\"wall_s\":%.3f,\"req_per_s\":%.0f,\"cpu_us_per_request\":%.1f}\n",
          mode, n, wall, n / wall, cpu * 1e6 / n
      }'
}

run off
run on
