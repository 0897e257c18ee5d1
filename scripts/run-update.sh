#!/usr/bin/env bash
# Submits a platform's update workflow and follows it to its end, printing progress, as the old shell clients
# did. Usage: scripts/run-update.sh <platform> [--dry-run] [--limit N] [--sale-status on_sale|sold_out|off_sale]
#             [--priority P]
# API_URL (default http://localhost:3989) and API_TOKEN are honoured. Exits 0 only when the job completed.
set -euo pipefail
platform="${1:?usage: $0 <platform> [--dry-run] [--limit N] [--sale-status S] [--priority P]}"
shift
api="${API_URL:-http://localhost:3989}"
dry_run=false limit=1000 sale_status=null priority=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --limit) limit="$2"; shift ;;
    --sale-status) sale_status="\"$2\""; shift ;;
    --priority) priority="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
auth=()
[ -n "${API_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $API_TOKEN")
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }

body=$(printf '{"workflow_id":"%s-update-v2","priority":%s,"params":{"dry_run":%s,"limit":%s,"sale_status":%s},"metadata":{"submitted_by":"run-update.sh"}}' \
  "$platform" "$priority" "$dry_run" "$limit" "$sale_status")
reply=$(curl -sS "${auth[@]}" -H 'Content-Type: application/json' -d "$body" "$api/api/v2/workflows/execute")
if [ "$(echo "$reply" | field "['success']")" != "True" ]; then
  echo "refused: $reply" >&2
  exit 1
fi
job=$(echo "$reply" | field "['data']['job_id']")
echo "job $job queued on $platform (dry_run=$dry_run)"
while true; do
  state=$(curl -sS "${auth[@]}" "$api/api/v2/jobs/$job")
  status=$(echo "$state" | field "['data']['status']")
  progress=$(echo "$state" | field "['data']['progress']")
  node=$(echo "$state" | field "['data']['current_node']")
  printf '%s  %-9s %5.1f%%  %s\n' "$(date +%H:%M:%S)" "$status" "$(python3 -c "print($progress*100)")" "$node"
  case "$status" in
    completed) echo "$state" | field "['data']['result']['summary']"; exit 0 ;;
    failed|cancelled) echo "error: $(echo "$state" | field "['data']['error']")" >&2; exit 1 ;;
  esac
  sleep 2
done
