#!/usr/bin/env bash
# Measures the resident memory (RSS) of an API worker process (`worker`, WORKER_PLATFORMS=musinsa) and of the API
# process (`api`) of the built distribution: idle after start-up, and at their peak while the worker runs one
# musinsa validation job of N products against the site mirror (submitted to, and polled from, the API).
# The figures behind the memory limits in docker/docker-compose.dev.yml and deploy/k8s.
#   scripts/measure-worker-memory.sh [--products N] [--max-ram SIZE] [--idle-seconds S]
# --max-ram makes the JVM size itself as in a container with that memory limit (-XX:MaxRAM, with the images'
# -XX:MaxRAMPercentage=70). JAVA_HOME picks the Java (e.g. the jlink image of scripts/build-runtime-image.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$root/distribution/target/product-scanner"
products=1000
max_ram=512m
idle_seconds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --products) products="$2"; shift 2 ;;
    --max-ram) max_ram="$2"; shift 2 ;;
    --idle-seconds) idle_seconds="$2"; shift 2 ;;
    *) echo "usage: $0 [--products N] [--max-ram SIZE] [--idle-seconds S]" >&2; exit 2 ;;
  esac
done
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
rss_mib() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }

mirror_port=$(free_port); serve_port=$(free_port); api_port=$(free_port); redis_port=$(free_port)
unset REDIS_URL REDIS_HOST WORKER_PLATFORMS
"$dist/bin/product-scanner" mirror --dir "$root/fixtures/mirror" --port "$mirror_port" >"$work/mirror.log" 2>&1 &
pids+=($!)
# the Redis (embedded in `serve`, which then serves only the `default` queue)
PORT=$serve_port EMBEDDED_REDIS_PORT=$redis_port DATA_DIR="$work/data" RESULTS_DIR="$work/results" \
  WORKER_PLATFORMS=default "$dist/bin/product-scanner" serve >"$work/serve.log" 2>&1 &
pids+=($!)
await_log "$work/serve.log" "event=process.ready" "${pids[1]}"
await_log "$work/mirror.log" "site mirror" "${pids[0]}"

jvm_opts="-XX:MaxRAM=$max_ram -XX:MaxRAMPercentage=70"
PORT=$api_port REDIS_URL="redis://127.0.0.1:$redis_port" RESULTS_DIR="$work/results" JAVA_OPTS="$jvm_opts" \
  "$dist/bin/product-scanner" api >"$work/api.log" 2>&1 &
api=$!
pids+=("$api")
await_log "$work/api.log" "event=process.ready" "$api"

REDIS_URL="redis://127.0.0.1:$redis_port" WORKER_PLATFORMS=musinsa SERVICE_NAME=worker-musinsa \
  SCANNER_SITE_MIRROR="http://127.0.0.1:$mirror_port" MUSINSA_PACING_MS=0 RESULTS_DIR="$work/results" \
  METRICS_PORT=0 JAVA_OPTS="$jvm_opts" "$dist/bin/product-scanner" worker >"$work/worker.log" 2>&1 &
worker=$!
pids+=("$worker")
await_log "$work/worker.log" "event=process.ready" "$worker"

sleep "$idle_seconds"
idle=0; api_idle=0
for _ in $(seq 1 10); do
  r=$(rss_mib "$worker"); [ "$r" -gt "$idle" ] && idle=$r
  r=$(rss_mib "$api"); [ "$r" -gt "$api_idle" ] && api_idle=$r
  sleep 0.5
done

urls=("https://www.musinsa.com/products/3674341" "https://www.musinsa.com/app/goods/2551487"
      "https://store.musinsa.com/app/goods/1843690")
jq -n --argjson n "$products" --args '{workflow_id: "musinsa-validation-v2",
    params: {products: [range($n) as $i | {url: $ARGS.positional[$i % 3], product_set_id: "ps-\($i)",
                                          expected: {sale_status: "on_sale"}}]}}' "${urls[@]}" >"$work/job.json"
started=$(date +%s.%N)
job=$(curl -fsS -X POST "http://127.0.0.1:$api_port/api/v2/workflows/execute" -H 'Content-Type: application/json' \
  --data-binary "@$work/job.json" | jq -r .data.job_id)
busy=0; api_busy=0
status=pending
while [ "$status" = pending ] || [ "$status" = running ]; do
  r=$(rss_mib "$worker"); [ "$r" -gt "$busy" ] && busy=$r
  r=$(rss_mib "$api"); [ "$r" -gt "$api_busy" ] && api_busy=$r
  status=$(curl -fsS "http://127.0.0.1:$api_port/api/v2/jobs/$job" | jq -r .data.status)
  sleep 0.2
done
seconds=$(echo "$(date +%s.%N) - $started" | bc)
java_version=$("${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java" -version 2>&1 | head -n1)
# the whole result set read back once, as an operator downloading it would
curl -fsS "http://127.0.0.1:$api_port/api/v2/jobs/$job/results?format=jsonl" -o "$work/results.jsonl"
r=$(rss_mib "$api"); [ "$r" -gt "$api_busy" ] && api_busy=$r
echo "RSS with the JVM sized for $max_ram (MaxRAMPercentage=70), $java_version"
echo "  API worker (musinsa): idle after ${idle_seconds}s ${idle} MiB, busy peak ${busy} MiB"
echo "  API (api):            idle after ${idle_seconds}s ${api_idle} MiB, busy peak ${api_busy} MiB"
echo "  job $status: $products products in ${seconds%.*}s, results $(wc -l <"$work/results.jsonl") lines"
