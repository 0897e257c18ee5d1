#!/usr/bin/env bash
# What an idle operator console costs (e2e ConsoleIdleCostTest, Maven profile console-idle): `serve` with the site
# mirror and a few finished jobs runs a baseline period with no browser on it, then /console/ stays open in
# Chromium for MINUTES; every SAMPLE_SECONDS it prints the page's JS heap, DOM size and requests and the API's
# and Redis's CPU seconds, then a summary (requests/s, API CPU % from the console, heap first/last/max) and one
# JSON line, also kept in e2e/target/console-idle-report.txt.
#   MINUTES=60 scripts/bench-console-idle.sh [MAVEN_ARGS...]
# BASELINE_MINUTES (default MINUTES), SAMPLE_SECONDS (60), CONSOLE_PATH (/console/), SEED_JOBS (20) and
# SETTLE_SECONDS (60, between the seeded jobs and the baseline) change the run. It builds the reactor first (the
# distribution `serve` runs from). Needs Chromium and Node.js, as the browser tests do
# (scripts/install-test-prerequisites.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../distribution/src/bin/java-runtime.sh
. "$root/distribution/src/bin/java-runtime.sh"
find_java21 || exit 1
export JAVA_HOME
cd "$root"
minutes="${MINUTES:-60}"
mvn -B -pl e2e -am -Pconsole-idle -Dtest=ConsoleIdleCostTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    -Dconsole.idle.minutes="$minutes" -Dconsole.idle.baseline.minutes="${BASELINE_MINUTES:-$minutes}" \
    -Dconsole.idle.sample.seconds="${SAMPLE_SECONDS:-60}" -Dconsole.idle.path="${CONSOLE_PATH:-/console/}" \
    -Dconsole.idle.jobs="${SEED_JOBS:-20}" -Dconsole.idle.settle.seconds="${SETTLE_SECONDS:-60}" verify "$@"
cat e2e/target/console-idle-report.txt
