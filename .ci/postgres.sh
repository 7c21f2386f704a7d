#!/usr/bin/env bash
# Install Debian's PostgreSQL, start it on loopback only, create the armsledger test role and
# database, and print the export line for the tests:
#   eval "$(bash .ci/postgres.sh)"   # sets ARMSLEDGER_TEST_DATABASE_URL
# Everything but that export line goes to stderr. Safe to run twice.
set -euo pipefail

PGUSER_NAME=${PGUSER_NAME:-armsledger}
PGDB_NAME=${PGDB_NAME:-armsledger_test}
PGPASS=${PGPASS:-armsledger}
PGPORT=${PGPORT:-5432}

log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=${PGDATA:-/var/lib/armsledger-ci/pgdata}
mkdir -p "$(dirname "$PGDATA")"
chown postgres:postgres "$(dirname "$PGDATA")"

as_pg() { runuser -u postgres -- "$@"; }

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  log "initialising $PGDATA"
  rm -rf "$PGDATA"
  pwfile=$(mktemp)
  echo "$PGPASS" > "$pwfile"
  chown postgres "$pwfile"
  as_pg "$PGBIN/initdb" -D "$PGDATA" -A scram-sha-256 --username=postgres --pwfile="$pwfile" >&2
  rm -f "$pwfile"
fi

if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PGPORT"
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w -t 60 -l "$PGDATA/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k /tmp" start >&2
fi

export PGPASSWORD="$PGPASS"
psql_admin() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_NAME'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $PGUSER_NAME LOGIN PASSWORD '$PGPASS'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$PGDB_NAME'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $PGDB_NAME OWNER $PGUSER_NAME" >&2
fi

log "ready"
echo "export ARMSLEDGER_TEST_DATABASE_URL=postgresql://$PGUSER_NAME:$PGPASS@127.0.0.1:$PGPORT/$PGDB_NAME"
