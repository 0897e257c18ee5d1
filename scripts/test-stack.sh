#!/usr/bin/env bash
# The compose stack test: docker/docker-compose.dev.yml booted with every image scripts/build-images.sh makes,
# then driven through the API container's published port (e2e ComposeStackTest, Maven profile compose-stack).
#   ./product-scanner test-stack [MAVEN_ARGS...]
# Installs and starts Docker with Compose v2 and buildx when they are missing (as root: scripts/install-docker.sh),
# builds the reactor (the distribution the images are made from), then the images, then runs the test. Its figures
# (image build time, memory of every container idle and busy against its limit, crash-to-running time) are printed
# and kept in e2e/target/compose-stack-report.txt. KEEP_COMPOSE_STACK=1 leaves the stack running afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-docker.sh"
# shellcheck source=../distribution/src/bin/java-runtime.sh
. "$root/distribution/src/bin/java-runtime.sh"
find_java21 || exit 1
export JAVA_HOME
cd "$root"
# the reactor up to e2e (compiled already after `./product-scanner test`, so mostly up to date), then the test alone;
# the test builds the images from the distribution this assembles
mvn -B -pl e2e -am -Pcompose-stack -Dtest=ComposeStackTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true verify "$@"
cat e2e/target/compose-stack-report.txt
