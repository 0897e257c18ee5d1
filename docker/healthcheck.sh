#!/usr/bin/env bash
# Container health check: GET /observe/health on loopback must answer 200 (the process is up and reaches Redis).
# The port: the argument, else METRICS_PORT (default 3990) for a `worker` process, which runs no API, else PORT
# (default 3989). bash's /dev/tcp instead of curl, so the images need no HTTP client.
set -u
if [ $# -gt 0 ]; then
  port="$1"
elif tr '\0' ' ' </proc/1/cmdline 2>/dev/null | grep -q ' worker *$'; then
  port="${METRICS_PORT:-3990}"
else
  port="${PORT:-3989}"
fi
exec 3<>"/dev/tcp/127.0.0.1/$port" || { echo "nothing listens on 127.0.0.1:$port"; exit 1; }
printf 'GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || { echo "no answer from 127.0.0.1:$port/observe/health"; exit 1; }
case "$status" in
  "HTTP/1.1 200"*) exit 0 ;;
  *) echo "127.0.0.1:$port/observe/health: ${status%$'\r'}"; exit 1 ;;
esac
