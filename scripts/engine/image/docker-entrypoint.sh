#!/bin/bash
# Stand-in for the entrypoints of the official `postgres` and `redis` / `valkey` images, for
# machines without an image registry (see scripts/engine/up.sh). Written from the documented
# contract of those images, so that what passes in CI also passes against the real ones:
#
# Postgres (command `postgres ...`, or flags only: `-c fsync=off ...`)
#   - env POSTGRES_USER (default postgres), POSTGRES_PASSWORD, POSTGRES_DB (default the user),
#     POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD, PGDATA; /docker-entrypoint-initdb.d/*
#     (*.sh run or sourced, *.sql and *.sql.gz fed to psql), in name order.
#   - On an empty PGDATA, every start runs the official image's init sequence: initdb with
#     POSTGRES_USER as the bootstrap superuser (so there is no `postgres` role unless that is the
#     user), a temporary server listening on the unix socket only (listen_addresses=''), which
#     creates POSTGRES_DB and runs the init scripts, then stops; then the final server starts, and
#     only it logs "listening on IPv4 address". The temporary server also logs "ready to accept
#     connections", which is why a readiness wait must look for the TCP listener instead.
#     There is deliberately no pre-initialised cluster: with PGDATA on a tmpfs (as the library
#     starts it) the official image pays for this sequence on every start, and CI must too.
#   - Everything runs as the `postgres` user, like the official image.
#   - Not implemented (nothing here uses them): the *_FILE variables, POSTGRES_INITDB_WALDIR,
#     *.sql.xz / *.sql.zst init files, and running the container with `--user`.
#
# Redis (command `redis-server ...`, or flags only, or a *.conf file first)
#   - The server runs as the `redis` user in /data with umask 0077, like the official image; any
#     other command runs as given, as root. Debian's redis-server is built with protected mode on,
#     unlike the official image's, so the stand-in turns it off (a later flag can turn it back on).
# No -u: init scripts are sourced, and the official entrypoint does not require them to be -u safe.
set -Eeo pipefail

# --- Postgres -------------------------------------------------------------------------------------

# The temporary and the final server get the same settings (the command's flags).
postgres_flags() {
  [ "${1:-}" = postgres ] && shift
  [ $# -eq 0 ] || printf '%q ' "$@"
}

# psql against the temporary server, as the bootstrap superuser, stopping at the first error.
init_psql() {
  PGHOST='' PGHOSTADDR='' psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

run_init_files() {
  local file
  for file in /docker-entrypoint-initdb.d/*; do
    [ -e "$file" ] || continue
    case $file in
      *.sh)
        if [ -x "$file" ]; then echo "$0: running $file"; "$file"
        else echo "$0: sourcing $file"; # shellcheck disable=SC1090
          . "$file"; fi ;;
      *.sql) echo "$0: running $file"; init_psql --dbname "$POSTGRES_DB" -f "$file" ;;
      *.sql.gz) echo "$0: running $file"; gunzip -c "$file" | init_psql --dbname "$POSTGRES_DB" ;;
      *) echo "$0: ignoring $file" ;;
    esac
  done
}

initialise_cluster() {
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo 'Error: Database is uninitialized and superuser password is not specified.' >&2
    echo '       Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust).' >&2
    exit 1
  fi
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a list of flags, split on purpose
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") \
    ${POSTGRES_INITDB_ARGS:-}
  local auth
  auth=${POSTGRES_HOST_AUTH_METHOD:-$(postgres -C password_encryption -D "$PGDATA")}
  printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

  export PGPASSWORD="${PGPASSWORD:-${POSTGRES_PASSWORD:-}}"
  pg_ctl -D "$PGDATA" -w start -o "$(postgres_flags "$@")-c listen_addresses='' -p ${PGPORT:-5432}"
  if [ -z "$(init_psql --dbname postgres --tuples-only --set db="$POSTGRES_DB" \
    <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")" ]; then
    init_psql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db"'
  fi
  run_init_files
  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  printf '\nPostgreSQL init process complete; ready for start up.\n\n'
}

start_postgres() {
  export POSTGRES_USER=${POSTGRES_USER:-postgres}
  export POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
  export PGDATA=${PGDATA:-/var/lib/postgresql/data}
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$0" "$@"
  fi
  if [ -s "$PGDATA/PG_VERSION" ]; then
    printf '\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n'
  else
    initialise_cluster "$@"
  fi
  exec "$@"
}

# --- Redis ----------------------------------------------------------------------------------------

start_redis() {
  if [ "$(id -u)" = 0 ]; then
    mkdir -p /data
    cd /data
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --clear-groups -- "$0" "$@"
  fi
  [ "$(umask)" = 0022 ] && umask 0077
  shift
  # A config file must stay redis-server's first argument.
  local config=()
  if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then config=("$1"); shift; fi
  exec redis-server "${config[@]}" --protected-mode no "$@"
}

# --- Dispatch, as the official images do ----------------------------------------------------------

# A command that is only flags (or, for Redis, starts with a config file) goes to the image's
# server; MED_DEMO_IMAGE_KIND, set in each image, says which server that is.
first=${1:-}
if [ "${first#-}" != "$first" ] || { [ "${MED_DEMO_IMAGE_KIND:-}" = redis ] && [ "${first%.conf}" != "$first" ]; }; then
  case ${MED_DEMO_IMAGE_KIND:-} in
    postgres) set -- postgres "$@" ;;
    redis) set -- redis-server "$@" ;;
  esac
fi
case ${1:-} in
  postgres)
    for arg in "$@"; do
      case $arg in -'?' | --help | --describe-config | -V | --version) exec "$@" ;; esac
    done
    start_postgres "$@" ;;
  redis-server) start_redis "$@" ;;
esac
exec "$@"
