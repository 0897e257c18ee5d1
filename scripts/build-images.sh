#!/usr/bin/env bash
# Makes every image docker/docker-compose.dev.yml needs, on any machine with a Docker engine:
#   scripts/build-images.sh [--support-only] [--from-source]
# --support-only  only the images that are not ours (Redis, Prometheus, Alertmanager, Postgres for the tests)
#                 (with --from-source also the Maven image of the Dockerfile's build stage)
# --from-source   build the product images with the Dockerfile's own Maven stage instead of the host's distribution
#                 (EXTRA_CA_CERT=FILE: the CA of a TLS-intercepting proxy on the way to Maven Central)
#
# Images that are not ours: each name comes from the variable the compose file reads (REDIS_IMAGE and so on,
# defaulting to the upstream image). An image already present is kept, one that can be pulled is pulled; only when
# neither works (no registry reachable) is a substitute built from Debian's package (docker/substitutes/NAME) on a
# local base image, and tagged with that name so the compose file finds it. `docker compose pull` replaces a
# substitute with the upstream image once a registry is reachable.
# Local base images: debian:SUITE-slim when it can be had, else product-scanner-local/debian:SUITE made here with
# debootstrap (minbase, without docs, man pages and locales, as the slim images are).
# Product images (api-worker, browser-worker, tools): from the distribution built on the host
# (distribution/target/product-scanner; built first with Maven when missing) and the jlink runtime made from it,
# staged as the build context; the Dockerfile's self-contained Maven build stays for CI/CD (--from-source).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
support_only=false
from_source=false
while [ $# -gt 0 ]; do
  case "$1" in
    --support-only) support_only=true; shift ;;
    --from-source) from_source=true; shift ;;
    -h|--help) sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# *//'; exit 0 ;;
    *) echo "build-images: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

say() { echo "build-images: $*" >&2; }
fail() { say "$*"; exit 1; }
docker info >/dev/null 2>&1 || fail "no Docker engine answers (scripts/install-docker.sh installs and starts one)"
docker buildx version >/dev/null 2>&1 || fail "docker buildx is missing: BuildKit builds need it (scripts/install-docker.sh)"
export DOCKER_BUILDKIT=1
started=$(date +%s)

present() { docker image inspect "$1" >/dev/null 2>&1; }
pulled() { docker pull -q "$1" >/dev/null 2>&1; }

# The name of a Debian base image for SUITE that exists locally, making one with debootstrap if needed.
base_image() {
  local suite="$1" upstream="debian:$1-slim" local_name="product-scanner-local/debian:$1"
  if present "$upstream" || pulled "$upstream"; then echo "$upstream"; return; fi
  if present "$local_name"; then echo "$local_name"; return; fi
  say "making $local_name with debootstrap (no registry has $upstream)"
  if ! command -v debootstrap >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || fail "debootstrap is missing (apt-get install debootstrap, as root)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  local dir
  dir=$(mktemp -d)
  debootstrap --variant=minbase "$suite" "$dir" http://deb.debian.org/debian >"$dir.log" 2>&1 \
      || { tail -n 20 "$dir.log" >&2; fail "debootstrap $suite failed"; }
  # what the slim images leave out, now and in every later apt-get install
  cat >"$dir/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$dir/etc/apt/apt.conf.d/slim"
  cat >"$dir/etc/apt/sources.list" <<EOF
deb http://deb.debian.org/debian $suite main
deb http://deb.debian.org/debian $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
EOF
  find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/var/cache/apt/*.bin \
      "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  # packages that register man pages as alternatives (a JDK) need the folder to exist
  mkdir -p "$dir/usr/share/man/man1"
  tar -C "$dir" -c . | docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' - "$local_name" >/dev/null
  rm -rf "$dir" "$dir.log"
  echo "$local_name"
}

# variable, upstream image (the compose file's default), Debian suite of the substitute, substitute folder
support_images=(
  "REDIS_IMAGE redis:7.4-bookworm bookworm redis"
  "POSTGRES_IMAGE postgres:15-bookworm bookworm postgres"
  "PROMETHEUS_IMAGE prom/prometheus:v2.53.2 trixie prometheus"
  "ALERTMANAGER_IMAGE prom/alertmanager:v0.27.0 trixie alertmanager"
)
# the Dockerfile's Maven build stage, needed only to build the product images from source
if $from_source; then support_images+=("BUILD_IMAGE maven:3.9-eclipse-temurin-25 trixie maven"); fi
for entry in "${support_images[@]}"; do
  read -r variable upstream suite folder <<<"$entry"
  image="${!variable:-$upstream}"
  if present "$image"; then say "$image: present"; continue; fi
  if pulled "$image"; then say "$image: pulled"; continue; fi
  base=$(base_image "$suite")
  say "$image: cannot be pulled; building Debian $suite's package from docker/substitutes/$folder on $base"
  docker build -q --build-arg "BASE_IMAGE=$base" -t "product-scanner-local/$folder:$suite" -t "$image" \
      "$root/docker/substitutes/$folder" >/dev/null
done
if $support_only; then
  say "support images ready in $(( $(date +%s) - started )) s"
  exit 0
fi

# The product images, on BASE_IMAGE when given, else the Dockerfile's debian:trixie-slim or its local fallback.
base="${BASE_IMAGE:-$(base_image trixie)}"
targets=("api-worker ${API_WORKER_IMAGE:-product-scanner:api-worker-dev}"
  "browser-worker ${BROWSER_WORKER_IMAGE:-product-scanner:browser-worker-dev}"
  "tools ${TOOLS_IMAGE:-product-scanner:tools-dev}")
build_args=(--build-arg "BASE_IMAGE=$base")
if $from_source; then
  context="$root"
  build_args+=(--build-arg ARTIFACTS=source --build-arg "BUILD_IMAGE=${BUILD_IMAGE:-maven:3.9-eclipse-temurin-25}")
  # the CA of a TLS-intercepting proxy between the build and Maven Central, trusted by the Maven step only
  if [ -n "${EXTRA_CA_CERT:-}" ]; then build_args+=(--secret "id=extra_ca,src=$EXTRA_CA_CERT"); fi
else
  dist="$root/distribution/target/product-scanner"
  if [ ! -d "$dist/lib" ]; then
    say "no distribution at $dist: building it (./product-scanner build)"
    "$root/product-scanner" build
  fi
  context="$root/distribution/target/image-context"
  runtime="$root/distribution/target/runtime-image"
  # the jlink runtime is remade when the distribution is newer than it
  if [ ! -x "$runtime/bin/java" ] || [ -n "$(find "$dist/lib" "$dist/plugins" -newer "$runtime/release" -print -quit)" ]; then
    "$root/scripts/build-runtime-image.sh" --dist "$dist" --output "$runtime" >&2
  fi
  rm -rf "$context"
  "$root/scripts/assemble-image.sh" --dist "$dist" --output "$context"
  cp -r "$runtime" "$context/java"
  build_args+=(--build-arg ARTIFACTS=host)
fi
for entry in "${targets[@]}"; do
  read -r target image <<<"$entry"
  say "$image: building target $target ($($from_source && echo "Maven inside the image" || echo "from the host's distribution"))"
  docker build -q -f "$root/docker/Dockerfile.dev" "${build_args[@]}" --target "$target" -t "$image" "$context" >/dev/null
done
say "all images ready in $(( $(date +%s) - started )) s:"
docker image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'product-scanner|redis|prometheus|alertmanager|postgres' >&2 || true
