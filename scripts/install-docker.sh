#!/usr/bin/env bash
# Makes a Docker engine with Compose v2 and BuildKit (buildx) usable on a Debian machine, as root, and leaves it
# running. Each step runs only when its piece is missing, so a second call costs a second:
#   scripts/install-docker.sh [--check]
# --check  install nothing: say what is missing and exit 1 when something is.
# - the engine: Debian's docker.io (dockerd 20.10 on bookworm), started in the background when no daemon
#   answers (no systemd in containers and CI machines; its log goes to /var/log/dockerd.log);
# - `docker compose` v2 and `docker buildx`: Debian bookworm has only Compose v1, so the packages of Debian trixie
#   (static binaries) are fetched with apt from a trixie source list kept in a temporary apt directory, and their
#   CLI plugins put in /usr/local/lib/docker/cli-plugins, where every Docker client looks.
set -euo pipefail
plugins_dir=/usr/local/lib/docker/cli-plugins
check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  "") ;;
  -h|--help) sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# *//'; exit 0 ;;
  *) echo "install-docker: unknown argument '$1'" >&2; exit 2 ;;
esac

say() { echo "install-docker: $*" >&2; }
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(engine)
docker compose version >/dev/null 2>&1 || missing+=(compose)
docker buildx version >/dev/null 2>&1 || missing+=(buildx)
if $check_only; then
  docker info >/dev/null 2>&1 || missing+=(running-daemon)
  [ ${#missing[@]} -eq 0 ] && { say "Docker, Compose v2 and buildx are ready"; exit 0; }
  say "missing: ${missing[*]}"
  exit 1
fi
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" -ne 0 ]; then
  say "missing: ${missing[*]}; run as root to install them (Debian's docker.io, trixie's docker-compose and docker-buildx)"
  exit 1
fi

if [[ " ${missing[*]} " == *" engine "* ]]; then
  say "installing Debian's docker.io"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

if [[ " ${missing[*]} " == *" compose "* || " ${missing[*]} " == *" buildx "* ]]; then
  say "fetching docker-compose and docker-buildx from Debian trixie"
  apt_dir=$(mktemp -d)
  trap 'rm -rf "$apt_dir"' EXIT
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources" "$apt_dir/debs"
  cat >"$apt_dir/sources/trixie.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt_options=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir/sources"
      -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Dir::State::status=/dev/null
      -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  apt-get "${apt_options[@]}" update -qq
  (cd "$apt_dir/debs" && apt-get "${apt_options[@]}" download docker-compose docker-buildx >/dev/null)
  mkdir -p "$plugins_dir"
  for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$apt_dir/root"; done
  install -m 0755 "$apt_dir"/root/usr/libexec/docker/cli-plugins/docker-* "$plugins_dir/"
fi

if ! docker info >/dev/null 2>&1; then
  say "starting dockerd (log: /var/log/dockerd.log)"
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { say "dockerd did not come up; see /var/log/dockerd.log"; tail -n 20 /var/log/dockerd.log >&2; exit 1; }
fi
say "$(docker version --format 'engine {{.Server.Version}}'), $(docker compose version --short | sed 's/^/compose /'), $(docker buildx version | awk '{print "buildx " $2}')"
