#!/usr/bin/env bash
# Starts a container engine on a Debian 12 machine that has no Docker daemon and no image
# registry, and builds local stand-ins for the images the library uses:
#   localhost/med-demo/postgres:15   Debian's PostgreSQL 15
#   localhost/med-demo/redis:7       Debian's Redis 7.0
#   testcontainers/ryuk:0.14.0       a small reaper speaking Ryuk's protocol (image/ryuk.pl)
# Their entrypoint (image/docker-entrypoint.sh) follows the official postgres / redis images'
# contract, including Postgres's full init sequence on every start on an empty PGDATA, so that what
# passes here passes against the official images.
# The engine is Debian's dockerd, started by hand. The rootfs (the slow step, ~2 min) and the
# engine's data root are kept in $MED_DEMO_ENGINE_DIR, so later runs on the same machine reuse
# them. Writes $MED_DEMO_ENGINE_DIR/env.sh: source it to point testcontainers and this library at
# the engine and the local images.
#
# usage: scripts/engine/up.sh        (as root)
# env:   MED_DEMO_ENGINE_DIR     engine directory (socket, data root, rootfs cache), default /var/tmp/med-engine
#        MED_DEMO_IMAGE_PREFIX   name prefix of the Postgres and Redis images, default localhost/med-demo
#        MED_DEMO_RYUK_IMAGE     the Ryuk stand-in's name, default testcontainers/ryuk:0.14.0 (other
#                                names reach testcontainers through RYUK_CONTAINER_IMAGE in env.sh)
#        MED_DEMO_ENV_FILE       where to write the env file, default $MED_DEMO_ENGINE_DIR/env.sh
# With another prefix, Ryuk name and env file, new stand-ins can be built and tried on an engine
# that others are using, without touching the images they run.
set -euo pipefail
# dockerd, iptables and friends live in sbin, which a non-login PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
DIR=${MED_DEMO_ENGINE_DIR:-/var/tmp/med-engine}   # short: dockerd puts unix sockets under it
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${MED_DEMO_IMAGE_PREFIX:-localhost/med-demo}
DEFAULT_RYUK_IMAGE=testcontainers/ryuk:0.14.0
RYUK_IMAGE=${MED_DEMO_RYUK_IMAGE:-$DEFAULT_RYUK_IMAGE}
POSTGRES_IMAGE=$PREFIX/postgres:15
REDIS_IMAGE=$PREFIX/redis:7
ENV_FILE=${MED_DEMO_ENV_FILE:-$DIR/env.sh}
SOCK="$DIR/docker.sock"
mkdir -p "$DIR"
say() { printf '[engine] %s\n' "$*"; }

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! curl -sf --unix-socket "$SOCK" http://engine/_ping >/dev/null 2>&1; then
  say "starting dockerd"
  # In a session of its own: a Ctrl-C meant for the command that uses the engine must not kill it.
  setsid dockerd --host "unix://$SOCK" --data-root "$DIR/root" --exec-root "$DIR/exec" \
    --pidfile "$DIR/dockerd.pid" >"$DIR/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 300); do
    curl -sf --unix-socket "$SOCK" http://engine/_ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -sf --unix-socket "$SOCK" http://engine/_ping >/dev/null || { tail -20 "$DIR/dockerd.log"; exit 1; }
fi
export DOCKER_HOST="unix://$SOCK"

# The images are rebuilt when what they are built from changes.
inputs=$(cat "$HERE/up.sh" "$HERE/image/docker-entrypoint.sh" "$HERE/image/ryuk.pl" | sha256sum | cut -c1-16)
label=org.myelectricaldata.demo-account.engine-inputs
built_from() { docker image inspect --format "{{ index .Config.Labels \"$label\" }}" "$1" 2>/dev/null || true; }
stale=''
for image in "$POSTGRES_IMAGE" "$REDIS_IMAGE" "$RYUK_IMAGE"; do
  [ "$(built_from "$image")" = "$inputs" ] || stale=1
done
if [ -n "$stale" ]; then
  rootfs="$DIR/rootfs-bookworm-pg15-redis7.tar"
  if [ ! -s "$rootfs" ]; then
    say "building the rootfs from Debian packages (about 2 minutes, cached in $rootfs)"
    mmdebstrap --quiet --format=tar --variant=minbase --include=postgresql-15,redis-server,ca-certificates \
      --aptopt='Apt::Install-Recommends "false"' \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' \
      --customize-hook='chroot "$1" apt-get clean' \
      bookworm "$rootfs.partial" "${APT_SOURCES:-/etc/apt/sources.list.d/debian.sources}"
    mv "$rootfs.partial" "$rootfs"
  fi
  say "building images"
  tree=$(mktemp -d)
  trap 'rm -rf "$tree"' EXIT
  tar -C "$tree" -xf "$rootfs"
  # Debian's auto-created cluster (each container creates its own), the LLVM JIT, locale sources
  # and apt lists are not needed.
  rm -rf "$tree/var/lib/postgresql/15" "$tree/etc/postgresql/15" \
    "$tree"/usr/lib/x86_64-linux-gnu/libLLVM-*.so* "$tree"/usr/lib/x86_64-linux-gnu/libz3.so* \
    "$tree/usr/lib/postgresql/15/lib/llvmjit.so" "$tree/usr/lib/postgresql/15/lib/llvmjit_types.bc" \
    "$tree/usr/lib/postgresql/15/lib/bitcode" "$tree/usr/share/i18n" "$tree/var/cache/apt" "$tree/var/lib/apt/lists"
  install -m 755 "$HERE/image/docker-entrypoint.sh" "$tree/usr/local/bin/docker-entrypoint.sh"
  install -m 755 "$HERE/image/ryuk.pl" "$tree/usr/local/bin/ryuk.pl"
  # As in the official images: new clusters listen on every address (the init sequence's temporary
  # server overrides it with listen_addresses=''), init scripts go to /docker-entrypoint-initdb.d,
  # and Redis works in /data, owned by its user.
  sed -ri "s/^#?(listen_addresses)\s*=\s*\S+.*/\1 = '*'/" "$tree/usr/share/postgresql/15/postgresql.conf.sample"
  grep -q "^listen_addresses = '\*'" "$tree/usr/share/postgresql/15/postgresql.conf.sample"
  mkdir -p "$tree/docker-entrypoint-initdb.d" "$tree/data"
  chown "$(awk -F: '$1 == "redis" { print $3 ":" $4 }' "$tree/etc/passwd")" "$tree/data"
  path=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  # No EXPOSE: podman's Docker API reports exposed-but-unpublished ports in a way testcontainers waits on.
  import() {
    local tag=$1; shift
    tar -C "$tree" -c . | docker import --change "ENV PATH=$path" --change 'ENV LANG=C.UTF-8' \
      --change "LABEL $label=$inputs" "$@" - "$tag" >/dev/null
  }
  entry='ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]'
  # (The official image also sets STOPSIGNAL SIGINT, which `docker import` cannot.)
  import "$POSTGRES_IMAGE" --change 'ENV PGDATA=/var/lib/postgresql/data' --change 'ENV MED_DEMO_IMAGE_KIND=postgres' \
    --change "$entry" --change 'CMD ["postgres"]'
  import "$REDIS_IMAGE" --change 'ENV MED_DEMO_IMAGE_KIND=redis' --change 'WORKDIR /data' \
    --change "$entry" --change 'CMD ["redis-server"]'
  import "$RYUK_IMAGE" --change 'ENTRYPOINT ["/usr/bin/perl", "/usr/local/bin/ryuk.pl"]'
  # No pre-initialised cluster: see image/docker-entrypoint.sh for why every start runs initdb.
  docker image prune -f >/dev/null
fi

{
  echo "export DOCKER_HOST=unix://$SOCK"
  echo "export TESTCONTAINERS_HOST_OVERRIDE=localhost"
  echo "export MED_DEMO_POSTGRES_IMAGE=$POSTGRES_IMAGE"
  echo "export MED_DEMO_REDIS_IMAGE=$REDIS_IMAGE"
  [ "$RYUK_IMAGE" = "$DEFAULT_RYUK_IMAGE" ] || echo "export RYUK_CONTAINER_IMAGE=$RYUK_IMAGE"
} >"$ENV_FILE"
say "ready: . $ENV_FILE"
