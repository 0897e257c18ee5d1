#!/usr/bin/env bash
# Prints what runs and what waits on each platform: GET /api/v2/jobs/running of the local server, or of
# API_URL (e.g. API_URL=http://host:3989 scripts/check-running-jobs.sh). Exits non-zero when the API is down.
set -euo pipefail
api="${API_URL:-http://localhost:3989}"
auth=()
[ -n "${API_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $API_TOKEN")
if ! body=$(curl -fsS --max-time 10 "${auth[@]}" "$api/api/v2/jobs/running"); then
  echo "cannot reach $api/api/v2/jobs/running" >&2
  exit 1
fi
if command -v python3 >/dev/null 2>&1; then
  python3 - "$body" <<'PY'
import json, sys
data = json.loads(sys.argv[1])["data"]
print(f"running: {data['summary']['running_count']}   queued: {data['summary']['queued_count']}")
for job in data["running"]:
    print(f"  {job['platform']:<12} {job['job_id']}  {job['workflow_id']:<28} {job['elapsed_seconds']:>6}s")
for platform, depth in data["queued"].items():
    print(f"  queue {platform:<12} {depth}")
PY
else
  echo "$body"
fi
