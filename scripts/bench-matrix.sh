#!/usr/bin/env bash
# Runs the benchmark matrix behind docs/PERFORMANCE.md, each configuration RUNS times (default 3), and prints
# one line per configuration with the median of each figure (the raw JSON lines go to $OUT, default
# bench-results.jsonl). Queue cost is measured at three sizes each of queue length, platforms and job size.
# Needs jq. The machine's load average is recorded with every run: figures from a busy machine say so.
#   scripts/bench-matrix.sh [queue|process|all]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
OUT="${OUT:-bench-results.jsonl}"
what="${1:-all}"
command -v jq >/dev/null || { echo "bench-matrix: jq is needed" >&2; exit 1; }

run() {
  local label="$1"; shift
  for _ in $(seq "$RUNS"); do
    local load line
    load="$(cut -d' ' -f1 /proc/loadavg)"
    line="$(./product-scanner bench "$@" 2>/dev/null | tail -n 1)"
    jq -c --arg name "$label" --arg load "$load" '. + {"label": $name, "load_before": ($load | tonumber)}' \
      <<<"$line" | tee -a "$OUT" >/dev/null
  done
  # the median of every numeric figure over this configuration's runs
  jq -s -c --arg name "$label" '[.[] | select(.label == $name)] as $runs
    | ($runs[0] | to_entries | map(select(.value | type == "number")) | map(.key)) as $keys
    | reduce $keys[] as $k ({"label": $name};
        .[$k] = ([$runs[][$k]] | sort | .[(length - 1) / 2 | floor]))' "$OUT"
}

if [[ "$what" == queue || "$what" == all ]]; then
  run "queue 20k/8p (headline)" queue --jobs 20000 --platforms 8 --wait-jobs 300
  for jobs in 1000 10000 100000; do run "queue length $jobs" queue --jobs "$jobs" --platforms 8 --wait-jobs 0; done
  for platforms in 1 32; do run "platforms $platforms" queue --jobs 20000 --platforms "$platforms" --wait-jobs 0; done
  for bytes in 1024 10240; do run "payload $bytes B" queue --jobs 20000 --platforms 8 --payload-bytes "$bytes" --wait-jobs 0; done
fi
if [[ "$what" == process || "$what" == all ]]; then
  run "startup" startup --runs 5
  run "memory musinsa" memory --platform musinsa --jobs 20 --products 50
  run "recovery (defaults)" recovery --runs 1
fi
