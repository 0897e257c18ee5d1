#!/usr/bin/env bash
# Lays out what the production images ship (docker/Dockerfile.dev runs it in its build stage), from the built
# distribution:
#   scripts/assemble-image.sh [--dist DIR] [--output DIR]
# OUTPUT/app               bin/ (with the containers' health check), lib/, workflows/, and plugins/ without a browser
# OUTPUT/browser-plugins   the plugin folders holding Playwright, for the browser-worker image only
# OUTPUT/tools             lib/tools, for the tools image only (the compose file's optional site mirror)
# The tools (lib/tools: the benchmarks and the site mirror command) and the shell completion stay out: a production
# image runs the service, and its command line has no `bench` or `mirror`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$root/distribution/target/product-scanner"
output=/out

usage() {
  sed -n '4p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) [ $# -ge 2 ] || usage; dist="$2"; shift 2 ;;
    --output) [ $# -ge 2 ] || usage; output="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "assemble-image: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -d "$dist/lib" ] || { echo "assemble-image: no distribution at $dist (build it first)" >&2; exit 1; }

mkdir -p "$output/app/plugins" "$output/browser-plugins" "$output/tools"
cp -r "$dist/bin" "$dist/workflows" "$output/app/"
mkdir -p "$output/app/lib"
# lib/*.jar only: lib/tools is left out
find "$dist/lib" -maxdepth 1 -type f -name '*.jar' -exec cp {} "$output/app/lib/" \;
cp "$root/docker/healthcheck.sh" "$output/app/bin/healthcheck"
if [ -d "$dist/lib/tools" ]; then cp -r "$dist/lib/tools/." "$output/tools/"; fi
# A plugin folder holding Playwright is a browser plugin: only the browser-worker image gets it.
for plugin in "$dist"/plugins/*/; do
  id=$(basename "$plugin")
  if ls "$plugin" | grep -q '^playwright'; then cp -r "$plugin" "$output/browser-plugins/$id"
  else cp -r "$plugin" "$output/app/plugins/$id"; fi
done
