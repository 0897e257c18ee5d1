#!/usr/bin/env bash
# Builds the minimal Java runtime (jlink) that runs the distribution, the same one docker/Dockerfile.dev ships.
#   scripts/build-runtime-image.sh [--dist DIR] [--output DIR] [--modules FILE] [--print-jdeps]
# It runs jdeps over the distribution's lib/ and plugins/, checks the result against the committed module list
# (distribution/src/jlink/jdk-modules.txt, which also names the modules jdeps cannot see), then links that list:
# debug info stripped, no headers or man pages, compressed. Application JARs stay on the module path, so the
# image runs the distribution's own launcher: JAVA_HOME=DIR distribution/target/product-scanner/bin/product-scanner serve
# Needs a JDK 21+ with jlink and jdeps (JAVA_HOME, else the one the launcher would pick) and a built distribution
# (./product-scanner build, or mvn -B -DskipTests package).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$root/distribution/target/product-scanner"
output="$root/distribution/target/runtime-image"
modules_file="$root/distribution/src/jlink/jdk-modules.txt"
print_jdeps=false

usage() {
  sed -n '2,3p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) [ $# -ge 2 ] || usage; dist="$2"; shift 2 ;;
    --output) [ $# -ge 2 ] || usage; output="$2"; shift 2 ;;
    --modules) [ $# -ge 2 ] || usage; modules_file="$2"; shift 2 ;;
    --print-jdeps) print_jdeps=true; shift ;;
    -h|--help) usage ;;
    *) echo "build-runtime-image: unknown argument '$1'" >&2; usage ;;
  esac
done

fail() {
  echo "build-runtime-image: $*" >&2
  exit 1
}

# shellcheck source=../distribution/src/bin/java-runtime.sh
. "$root/distribution/src/bin/java-runtime.sh"
find_java21 || exit 1
for tool in jdeps jlink; do
  [ -x "$JAVA_HOME/bin/$tool" ] || fail "$JAVA_HOME is not a full JDK (no bin/$tool); set JAVA_HOME to a JDK 21+"
done
[ -d "$dist/lib" ] || fail "no distribution at $dist (build it first: ./product-scanner build)"
[ -f "$modules_file" ] || fail "no module list at $modules_file"

# module names of the list; with "jdeps" only those jdeps is expected to report (lines without "added:")
listed_modules() {
  if [ "${1:-}" = jdeps ]; then
    grep -v 'added:' "$modules_file" | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u
  else
    sed 's/#.*//' "$modules_file" | tr -s ' \t' '\n' | grep -v '^$' | sort -u
  fi
}

# lib/ and every plugin folder on one module path, every module a root: what the runtime resolves at start
module_path="$dist/lib"
for plugin in "$dist"/plugins/*/; do
  [ -d "$plugin" ] && module_path="$module_path:${plugin%/}"
done
jdeps_modules=$("$JAVA_HOME/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps \
    --module-path "$module_path" --add-modules ALL-MODULE-PATH | tail -n 1 | tr ',' '\n' | sort -u)
[ -n "$jdeps_modules" ] || fail "jdeps reported no module"
if $print_jdeps; then
  echo "$jdeps_modules"
  exit 0
fi

missing=$(comm -23 <(echo "$jdeps_modules") <(listed_modules))
[ -z "$missing" ] || fail "jdeps finds modules $modules_file lacks: $(echo "$missing" | paste -sd, -) (add them)"
stale=$(comm -13 <(echo "$jdeps_modules") <(listed_modules jdeps))
[ -z "$stale" ] || echo "build-runtime-image: jdeps no longer reports $(echo "$stale" | paste -sd, -);" \
    "mark them 'added:' with a reason or remove them from $modules_file" >&2

modules=$(listed_modules | paste -sd, -)
rm -rf "$output"
mkdir -p "$(dirname "$output")"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --output "$output"
echo "runtime image: $output ($(du -sh "$output" | cut -f1), Java $(java_major "$output/bin/java"), modules $modules)"
echo "run: JAVA_HOME=$output $dist/bin/product-scanner serve"
