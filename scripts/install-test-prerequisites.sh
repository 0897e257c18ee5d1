#!/usr/bin/env bash
# Installs what the test suite needs and a fresh machine lacks: Maven, and Debian's PostgreSQL server binaries,
# from which the catalog tests start a throwaway cluster, and Prometheus and Alertmanager for promtool and amtool,
# with which the alert rule and routing tests run; Debian's Chromium, Node.js (which runs the Playwright driver)
# and CJK fonts for the browser plugins' tests, which never download a browser and fail, not skip, without one.
# Debian's Firefox ESR and npm for the console's Firefox test (npm installs its pinned puppeteer-core into
# e2e/target; it fails without them too, unless TEST_FIREFOX=off).
# Debian's redis-server, which tests (and `serve`'s embedded Redis) start as the system's Redis; a test checks that
# the redis-server bundled in the embedded-redis artifact still runs where there is none. The package's own service
# is not needed: when this script installs the package it stops and disables that service, which would hold 6379,
# `serve`'s default port (in a container policy-rc.d keeps it from starting anyway). Sites are served from
# fixtures on loopback.
set -euo pipefail
missing=()
command -v mvn >/dev/null 2>&1 || missing+=(maven)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x "${PLAYWRIGHT_NODEJS_PATH:-/usr/bin/node}" ] || missing+=(nodejs)
[ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
# Debian ships npm apart from nodejs (NodeSource's nodejs brings its own)
command -v npm >/dev/null 2>&1 || missing+=(npm)
compgen -G '/usr/share/fonts/opentype/noto/NotoSansCJK*' >/dev/null || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    # installed here for its binary only: a service it started would hold 6379, the port `serve` uses by default
    if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v systemctl >/dev/null 2>&1 \
        && systemctl is-active --quiet redis-server 2>/dev/null; then
      systemctl disable --now redis-server && echo "stopped and disabled the redis-server service (not needed)" >&2
    fi
  else
    echo "missing: ${missing[*]} (install them, or run as root on Debian to have them installed)" >&2
    exit 1
  fi
fi
# KustomizeRenderTest renders deploy/k8s with `kubectl kustomize` (kubectl 1.24+, kustomize v4.5+; Debian's kubernetes-client 1.20 is
# too old): not in Debian, so only said here (https://pkgs.k8s.io, or the Google Cloud SDK's kubectl)
command -v kubectl >/dev/null 2>&1 || echo "kubectl not found: the deploy/k8s render test will fail until it is installed" >&2
