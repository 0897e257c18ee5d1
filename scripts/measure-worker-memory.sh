#!/usr/bin/env bash
# Measures the resident memory (RSS) of a worker process (`worker`) and of the API process (`api`) of the built
# distribution: idle after start-up, and at their peak while the worker runs one {platform}-validation-v2 job of
# N products against the site mirror (fixtures/mirror), submitted to and polled from the API. A worker's figure
# includes its child processes (Chromium and the Playwright driver of a browser worker).
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
  sed -n '7,8p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
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

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
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
# RSS of a process and all its descendants, in MiB (shared pages of Chromium's processes count once per process)
tree_rss_mib() {
  local pid kib=0 rss
  for pid in "$1" $(descendants "$1"); do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    kib=$((kib + ${rss:-0}))
  done
  echo $((kib / 1024))
}
max() { [ "$1" -gt "$2" ] && echo "$1" || echo "$2"; }

mirror_port=$(free_port); serve_port=$(free_port); api_port=$(free_port); redis_port=$(free_port)
unset REDIS_URL REDIS_HOST WORKER_PLATFORMS
"$dist/bin/product-scanner" mirror --dir "$root/fixtures/mirror" --port "$mirror_port" >"$work/mirror.log" 2>&1 &
pids+=($!)
# the Redis (embedded in `serve`, which then serves only the `default` queue)
PORT=$serve_port EMBEDDED_REDIS_PORT=$redis_port DATA_DIR="$work/data" RESULTS_DIR="$work/results" \
  WORKER_PLATFORMS=default METRICS_PORT=0 "$dist/bin/product-scanner" serve >"$work/serve.log" 2>&1 &
pids+=($!)
await_log "$work/serve.log" "event=process.ready" "${pids[1]}"
await_log "$work/mirror.log" "site mirror" "${pids[0]}"

jvm_opts="-XX:MaxRAM=$max_ram -XX:MaxRAMPercentage=$heap_percent"
PORT=$api_port REDIS_URL="redis://127.0.0.1:$redis_port" RESULTS_DIR="$work/results" JAVA_OPTS="$jvm_opts" \
  "$dist/bin/product-scanner" api >"$work/api.log" 2>&1 &
api=$!
pids+=("$api")
await_log "$work/api.log" "event=process.ready" "$api"

env REDIS_URL="redis://127.0.0.1:$redis_port" WORKER_PLATFORMS="$platform" SERVICE_NAME="worker-$platform" \
  SCANNER_SITE_MIRROR="http://127.0.0.1:$mirror_port" "${platform^^}_PACING_MS=0" RESULTS_DIR="$work/results" \
  METRICS_PORT=0 JAVA_OPTS="$jvm_opts" "$dist/bin/product-scanner" worker >"$work/worker.log" 2>&1 &
worker=$!
pids+=("$worker")
await_log "$work/worker.log" "event=process.ready" "$worker"

sleep "$idle_seconds"
idle=0; api_idle=0
for _ in $(seq 1 10); do
  idle=$(max "$(tree_rss_mib "$worker")" "$idle")
  api_idle=$(max "$(tree_rss_mib "$api")" "$api_idle")
  sleep 0.5
done

jq -n --argjson n "$products" --arg workflow "$platform-validation-v2" --args '{workflow_id: $workflow,
    params: {products: [range($n) as $i | {url: $ARGS.positional[$i % ($ARGS.positional | length)],
                                          product_set_id: "ps-\($i)"}]}}' "${urls[@]}" >"$work/job.json"
started=$(date +%s.%N)
job=$(curl -fsS -X POST "http://127.0.0.1:$api_port/api/v2/workflows/execute" -H 'Content-Type: application/json' \
  --data-binary "@$work/job.json" | jq -r .data.job_id)
busy=0; api_busy=0
status=pending
while [ "$status" = pending ] || [ "$status" = running ]; do
  busy=$(max "$(tree_rss_mib "$worker")" "$busy")
  api_busy=$(max "$(tree_rss_mib "$api")" "$api_busy")
  status=$(curl -fsS "http://127.0.0.1:$api_port/api/v2/jobs/$job" | jq -r .data.status)
  sleep 0.2
done
seconds=$(echo "$(date +%s.%N) - $started" | bc)
# the whole result set read back once, as an operator downloading it would
curl -fsS "http://127.0.0.1:$api_port/api/v2/jobs/$job/results?format=jsonl" -o "$work/results.jsonl"
api_busy=$(max "$(tree_rss_mib "$api")" "$api_busy")
java_version=$("${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java" -version 2>&1 | head -n1)
echo "RSS with the JVMs sized for $max_ram (MaxRAMPercentage=$heap_percent), $java_version"
echo "  worker ($platform): idle after ${idle_seconds}s ${idle} MiB, busy peak ${busy} MiB (with child processes)"
echo "  API (api):          idle after ${idle_seconds}s ${api_idle} MiB, busy peak ${api_busy} MiB"
echo "  job $status: $products products in ${seconds%.*}s, results $(wc -l <"$work/results.jsonl") lines"
