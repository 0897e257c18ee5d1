#!/usr/bin/env bash
# Installs what the test suite needs and a fresh machine lacks. Today: nothing beyond the JDK and Maven,
# because tests start a real redis-server from the embedded-redis artifact and serve fixtures from loopback.
set -euo pipefail
missing=()
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    echo "missing: ${missing[*]} (install them, or run as root on Debian to have them installed)" >&2
    exit 1
  fi
fi
