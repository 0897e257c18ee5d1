#!/usr/bin/env bash
# Runs zigzag-update-v2 and follows it to the end; options as scripts/run-update.sh (e.g. --dry-run, --limit 50).
exec "$(dirname "$0")/run-update.sh" zigzag "$@"
