#!/usr/bin/env bash
# Runs `product-scanner bench queue` and the BullMQ reference benchmark (bench/bullmq/bench.js, the anchor of
# docs/PERFORMANCE.md) against the same redis-server 6.2.6 (no persistence, free loopback port, a fresh server
# for every run), alternating them
# RUNS times (default 3), and prints a table of the medians side by side. Every JSON line goes to $OUT (default
# bench-vs-bullmq.jsonl) tagged with "system", "session", "run" and "load_before" (the 1-minute load average).
#   [RUNS=3] [JOBS=20000] [QUEUES=8] [WAIT_JOBS=300] [REDIS_SERVER=/path] scripts/bench-vs-bullmq.sh [-- bench-queue-args]
# e.g. scripts/bench-vs-bullmq.sh -- --warmup-jobs 20000. Needs node 20+, npm (first run), jq and unzip.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
JOBS="${JOBS:-20000}"
QUEUES="${QUEUES:-8}"
WAIT_JOBS="${WAIT_JOBS:-300}"
OUT="${OUT:-bench-vs-bullmq.jsonl}"
if [[ "${1:-}" == "--" ]]; then shift; elif [[ $# -gt 0 ]]; then
  echo "bench-vs-bullmq: arguments for bench queue go after '--' (got '$1')" >&2; exit 2
fi
queue_args=("$@")
for tool in node jq unzip; do
  command -v "$tool" >/dev/null || { echo "bench-vs-bullmq: $tool is needed" >&2; exit 1; }
done

tmp="$(mktemp -d)"
redis_pid=""
cleanup() {
  if [[ -n "$redis_pid" ]]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the distribution first (the launcher builds it when missing or stale), so no build happens between runs
./product-scanner bench queue --help >/dev/null 2>"$tmp/build.err" || { cat "$tmp/build.err" >&2; exit 1; }
if [[ -z "${REDIS_SERVER:-}" ]]; then
  jar="$(ls distribution/target/product-scanner/lib/embedded-redis-*.jar 2>/dev/null | head -n 1)"
  [[ -n "$jar" ]] || { echo "bench-vs-bullmq: no embedded-redis jar in distribution/target/product-scanner/lib" >&2; exit 1; }
  REDIS_SERVER="$tmp/redis-server"
  unzip -p "$jar" redis-server-6.2.6-v5-linux-amd64 >"$REDIS_SERVER"
  chmod +x "$REDIS_SERVER"
fi
[[ -x "$REDIS_SERVER" ]] || { echo "bench-vs-bullmq: REDIS_SERVER '$REDIS_SERVER' is not an executable" >&2; exit 1; }

if [[ ! -d bench/bullmq/node_modules ]]; then
  echo "bench-vs-bullmq: installing bench/bullmq (npm ci)" >&2
  (cd bench/bullmq && npm ci --no-audit --no-fund >&2)
fi

port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
# every run gets a redis-server of its own, started the same way, so each system starts from the same state
start_redis() {
  # in a session of its own, as a service runs: with the kernel's autogroup scheduling it would otherwise share
  # one CPU share with the benchmark's own processes
  setsid "$REDIS_SERVER" --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$tmp" --logfile "$tmp/redis.log" &
  redis_pid=$!
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$redis_pid" 2>/dev/null || { cat "$tmp/redis.log" >&2; echo "bench-vs-bullmq: redis-server did not start" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench-vs-bullmq: redis-server did not accept connections on port $port" >&2
  exit 1
}
stop_redis() {
  kill "$redis_pid" 2>/dev/null || true
  wait "$redis_pid" 2>/dev/null || true
  redis_pid=""
}
url="redis://127.0.0.1:$port"
session="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "bench-vs-bullmq: $("$REDIS_SERVER" --version | cut -d' ' -f1-3) at $url (a fresh one per run); $RUNS runs of $JOBS jobs over $QUEUES queues; session $session -> $OUT" >&2

# one run of one system: its last output line (the JSON), tagged
record() {
  local system="$1" run="$2"; shift 2
  local load line
  start_redis
  load="$(cut -d' ' -f1 /proc/loadavg)"
  if ! line="$("$@" 2>"$tmp/err" | tail -n 1)" || ! jq -e . >/dev/null 2>&1 <<<"$line"; then
    cat "$tmp/err" >&2
    echo "bench-vs-bullmq: $system run $run failed" >&2
    exit 1
  fi
  jq -c --arg system "$system" --arg session "$session" --argjson run "$run" --arg load "$load" \
    '{system: $system, session: $session, run: $run, load_before: ($load | tonumber)} + del(.run)' <<<"$line" \
    | tee -a "$OUT" >&2
  stop_redis
}

for run in $(seq "$RUNS"); do
  record product-scanner "$run" ./product-scanner bench queue --jobs "$JOBS" --platforms "$QUEUES" \
    --wait-jobs "$WAIT_JOBS" --redis-url "$url" "${queue_args[@]}"
  record bullmq "$run" node bench/bullmq/bench.js --redis-url "$url" --jobs "$JOBS" --queues "$QUEUES" \
    --wait-jobs "$WAIT_JOBS"
done

# medians of this session's runs, each row a figure measured the same way for both. bench queue's jobs_per_second
# is the anchor's scenario (workers ready, jobs added in bulk, first add to last done), bench.js calls it
# jobs_per_second_workers_ready; bench.js's jobs_per_second is the drain (bench queue's drain_jobs_per_second).
# CPU and commands per job: bench queue's cover adding and running; bench.js's "_incl_enqueue" ones too.
jq -s -r --arg session "$session" '
  def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
    else ((.[length / 2 - 1] + .[length / 2]) / 2 * 100 | round / 100) end;
  def figure($system; $keys): [.[] | select(.session == $session and .system == $system)
    | first($keys[] as $k | .[$k] | select(. != null))] | median;
  [["jobs/s, workers ready, add in bulk (anchor)", ["jobs_per_second_workers_ready"], ["jobs_per_second"]],
   ["jobs/s, drain of full queues", ["jobs_per_second"], ["drain_jobs_per_second"]],
   ["enqueue_seconds", ["enqueue_seconds"], ["enqueue_seconds"]],
   ["redis_commands_per_job", ["redis_commands_per_job"], ["redis_commands_per_job"]],
   ["redis_cpu_us_per_job (add + run)", ["redis_cpu_us_per_job_incl_enqueue"], ["redis_cpu_us_per_job"]],
   ["client_cpu_us_per_job (add + run)", ["node_cpu_us_per_job_incl_enqueue"], ["java_cpu_us_per_job"]],
   ["wait_ms_p50", ["wait_ms_p50"], ["wait_ms_p50"]],
   ["wait_ms_p99", ["wait_ms_p99"], ["wait_ms_p99"]],
   ["peak_rss_mb", ["peak_rss_mb"], ["peak_rss_mb"]],
   ["load_before", ["load_before"], ["load_before"]]] as $rows
  | . as $all
  | (["median of \([$all[] | select(.session == $session and .system == "bullmq")] | length) runs",
      "product-scanner", "bullmq"] | @tsv),
    ($rows[] | . as [$name, $bullmq, $ours]
      | [$name, ($all | figure("product-scanner"; $ours) // "-"), ($all | figure("bullmq"; $bullmq) // "-")] | @tsv)
' "$OUT" | column -t -s $'\t'
