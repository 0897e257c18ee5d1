#!/usr/bin/env bash
# Checks the Prometheus configuration and alert rules, runs the alert unit tests (docker/prometheus/
# alerts.test.yml) and checks the Alertmanager configuration. Needs promtool and amtool (Debian packages
# `prometheus` and `prometheus-alertmanager`; scripts/install-test-prerequisites.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../docker"
for tool in promtool amtool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool not found: run scripts/install-test-prerequisites.sh" >&2
    exit 1
  fi
done
promtool check config prometheus/prometheus.yml
promtool check rules prometheus/alerts.yml
promtool test rules prometheus/alerts.test.yml
amtool check-config alertmanager/alertmanager.yml
