#!/usr/bin/env bash
# Measures the resident memory of a worker process (`worker`) and of the API process (`api`) of the built
# distribution: idle after start-up, and at their peak while the worker runs one {platform}-validation-v2 job of
# N products against the site mirror (fixtures/mirror), submitted to and polled from the API. A worker's figure
# includes its child processes (Chromium and the Playwright driver of a browser worker). Each figure is given as
# RSS (summed over the process tree: Chromium's shared pages count once per process, so it overstates a browser
# worker) and PSS (shared pages split between the processes sharing them, which understates a JVM whose
# libraries other JVMs of the same runtime share here but not in its own container).
# The figures behind the memory limits in docker/docker-compose.dev.yml and deploy/k8s.
#   scripts/measure-worker-memory.sh [--platform P] [--url URL]... [--products N] [--max-ram SIZE]
#                                    [--heap-percent N] [--idle-seconds S]
# --platform defaults to musinsa, whose recorded products are the default URLs; other platforms need --url
# (products the mirror has answers for), used round-robin. --max-ram makes the JVMs size themselves as in a
# container with that memory limit (-XX:MaxRAM, with -XX:MaxRAMPercentage=--heap-percent, 70 as in the api-worker
# image; the browser-worker image uses 30). JAVA_HOME picks the Java (e.g. scripts/build-runtime-image.sh's image).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$root/distribution/target/product-scanner"
platform=musinsa
urls=()
products=1000
max_ram=512m
heap_percent=70
idle_seconds=20
usage() {
  sed -n '/^#   scripts/,/idle-seconds S/p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case "$1" in
    --platform) platform="$2" ;;
    --url) urls+=("$2") ;;
    --products) products="$2" ;;
    --max-ram) max_ram="$2" ;;
    --heap-percent) heap_percent="$2" ;;
    --idle-seconds) idle_seconds="$2" ;;
    *) usage ;;
  esac
  shift 2
done
if [ ${#urls[@]} -eq 0 ]; then
  [ "$platform" = musinsa ] || { echo "--url is needed for $platform (products the mirror serves)" >&2; exit 2; }
  urls=("https://www.musinsa.com/products/3674341" "https://www.musinsa.com/app/goods/2551487"
        "https://store.musinsa.com/app/goods/1843690")
fi
[ -x "$dist/bin/product-scanner" ] || { echo "no distribution at $dist: run ./product-scanner build" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

taken_ports=" "
free_port() { # a port nothing listens on, and not handed out before; sets $port
  while :; do
    port=$((20000 + RANDOM % 40000))
    case "$taken_ports" in *" $port "*) continue ;; esac
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    taken_ports="$taken_ports$port "
    return
  done
}
await_log() { # file marker pid
  for _ in $(seq 1 600); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { cat "$1" >&2; echo "process died before '$2'" >&2; exit 1; }
    sleep 0.1
  done
  cat "$1" >&2; echo "no '$2' in 60 s" >&2; exit 1
}
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}
# "RSS PSS" of a process and all its descendants, in MiB
tree_memory_mib() {
  local pid rss=0 pss=0 kib
  for pid in "$1" $(descendants "$1"); do
    kib=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    rss=$((rss + ${kib:-0}))
    kib=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    pss=$((pss + ${kib:-0}))
  done
  echo "$((rss / 1024)) $((pss / 1024))"
}
# peak "RSS PSS" so far, and a new sample
peak() {
  local a b c d
  read -r a b <<<"$2"
  read -r c d <<<"$1"
  echo "$(max "$a" "$c") $(max "$b" "$d")"
}
mib() { # "RSS PSS" -> text
  local a b
  read -r a b <<<"$1"
  echo "RSS ${a} MiB / PSS ${b} MiB"
}
max() { [ "$1" -gt "$2" ] && echo "$1" || echo "$2"; }

free_port; mirror_port=$port
free_port; serve_port=$port
free_port; api_port=$port
free_port; redis_port=$port
unset REDIS_URL REDIS_HOST WORKER_PLATFORMS
"$dist/bin/product-scanner" mirror --dir "$root/fixtures/mirror" --port "$mirror_port" >"$work/mirror.log" 2>&1 &
pids+=($!)
# the Redis (embedded in `serve`, which then serves only the `default` queue)
PORT=$serve_port EMBEDDED_REDIS_PORT=$redis_port DATA_DIR="$work/data" RESULTS_DIR="$work/results" \
  WORKER_PLATFORMS=default METRICS_PORT=0 "$dist/bin/product-scanner" serve >"$work/serve.log" 2>&1 &
pids+=($!)
await_log "$work/serve.log" "event=process.ready" "${pids[1]}"
await_log "$work/mirror.log" "site mirror" "${pids[0]}"
# the embedded Redis takes the password serve generated under its DATA_DIR: in the environment of the api and
# worker processes, never on a command line (where ps would show it)
REDIS_URL="redis://$(cat "$work/data/redis-password")@127.0.0.1:$redis_port"
export REDIS_URL

jvm_opts="-XX:MaxRAM=$max_ram -XX:MaxRAMPercentage=$heap_percent"
PORT=$api_port RESULTS_DIR="$work/results" JAVA_OPTS="$jvm_opts" \
  "$dist/bin/product-scanner" api >"$work/api.log" 2>&1 &
api=$!
pids+=("$api")
await_log "$work/api.log" "event=process.ready" "$api"

env WORKER_PLATFORMS="$platform" SERVICE_NAME="worker-$platform" \
  SCANNER_SITE_MIRROR="http://127.0.0.1:$mirror_port" "${platform^^}_PACING_MS=0" RESULTS_DIR="$work/results" \
  METRICS_PORT=0 JAVA_OPTS="$jvm_opts" "$dist/bin/product-scanner" worker >"$work/worker.log" 2>&1 &
worker=$!
pids+=("$worker")
await_log "$work/worker.log" "event=process.ready" "$worker"

sleep "$idle_seconds"
idle="0 0"; api_idle="0 0"
for _ in $(seq 1 10); do
  idle=$(peak "$idle" "$(tree_memory_mib "$worker")")
  api_idle=$(peak "$api_idle" "$(tree_memory_mib "$api")")
  sleep 0.5
done

jq -n --argjson n "$products" --arg workflow "$platform-validation-v2" --args '{workflow_id: $workflow,
    params: {products: [range($n) as $i | {url: $ARGS.positional[$i % ($ARGS.positional | length)],
                                          product_set_id: "ps-\($i)"}]}}' "${urls[@]}" >"$work/job.json"
started=$(date +%s.%N)
job=$(curl -fsS -X POST "http://127.0.0.1:$api_port/api/v2/workflows/execute" -H 'Content-Type: application/json' \
  --data-binary "@$work/job.json" | jq -r .data.job_id)
busy="0 0"; api_busy="0 0"
status=pending
while [ "$status" = pending ] || [ "$status" = running ]; do
  busy=$(peak "$busy" "$(tree_memory_mib "$worker")")
  api_busy=$(peak "$api_busy" "$(tree_memory_mib "$api")")
  status=$(curl -fsS "http://127.0.0.1:$api_port/api/v2/jobs/$job" | jq -r .data.status)
  sleep 0.2
done
seconds=$(echo "$(date +%s.%N) - $started" | bc)
# the whole result set read back once, as an operator downloading it would
curl -fsS "http://127.0.0.1:$api_port/api/v2/jobs/$job/results?format=jsonl" -o "$work/results.jsonl"
api_busy=$(peak "$api_busy" "$(tree_memory_mib "$api")")
java_version=$("${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java" -version 2>&1 | head -n1)
echo "memory with the JVMs sized for $max_ram (MaxRAMPercentage=$heap_percent), $java_version"
echo "  worker ($platform, with child processes): idle after ${idle_seconds}s $(mib "$idle"), busy peak $(mib "$busy")"
echo "  API (api):          idle after ${idle_seconds}s $(mib "$api_idle"), busy peak $(mib "$api_busy")"
echo "  job $status: $products products in ${seconds%.*}s, results $(wc -l <"$work/results.jsonl") lines"
