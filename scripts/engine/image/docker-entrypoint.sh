#!/bin/sh
# Stand-in for the official postgres / redis image entrypoints, for machines without an image
# registry (see scripts/engine/README.md). It honours the environment contract testcontainers
# relies on: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA, POSTGRES_INITDB_ARGS, and
# `postgres <args>` / `redis-server <args>` as the command.
#
# Postgres starts from a cluster initialised at image build time (/var/lib/postgresql/baked):
# it is copied into PGDATA when PGDATA is empty, which is what makes a tmpfs PGDATA
# (`withTmpFs`) work with a pre-initialised image. Without the baked cluster it runs initdb.
set -eu

run_as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

single_user() { run_as_postgres postgres --single -c fsync=off -D "$PGDATA" postgres >/dev/null; }

if [ "${1:-}" = "postgres" ]; then
  shift
  : "${POSTGRES_USER:=postgres}"
  : "${POSTGRES_DB:=$POSTGRES_USER}"
  : "${PGDATA:=/var/lib/postgresql/data}"
  export PGDATA
  mkdir -p /var/run/postgresql "$PGDATA"
  chown postgres:postgres /var/run/postgresql "$PGDATA"
  chmod 700 "$PGDATA"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    quoted_password=$(printf '%s' "${POSTGRES_PASSWORD:-}" | sed "s/'/''/g")
    if [ -s /var/lib/postgresql/baked/PG_VERSION ]; then
      cp -a /var/lib/postgresql/baked/. "$PGDATA"/
      if [ "$POSTGRES_USER" = "postgres" ]; then
        echo "ALTER ROLE postgres PASSWORD '$quoted_password';"
      else
        echo "CREATE ROLE \"$POSTGRES_USER\" SUPERUSER LOGIN PASSWORD '$quoted_password';"
      fi > /tmp/init.sql
    else
      pwfile=$(mktemp)
      printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$pwfile"
      chown postgres "$pwfile"
      # shellcheck disable=SC2086
      run_as_postgres initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
        ${POSTGRES_INITDB_ARGS:-} >/dev/null
      rm -f "$pwfile"
      echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
      echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
      : > /tmp/init.sql
    fi
    if [ "$POSTGRES_DB" != "postgres" ]; then
      echo "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\";" >> /tmp/init.sql
    fi
    [ -s /tmp/init.sql ] && single_user < /tmp/init.sql
    rm -f /tmp/init.sql
    echo "PostgreSQL init process complete; ready for start up."
  fi
  exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" "$@"
fi

if [ "${1:-}" = "redis-server" ]; then
  shift
  mkdir -p /data && cd /data
  exec redis-server --protected-mode no "$@"
fi

exec "$@"
