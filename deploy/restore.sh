#!/bin/sh
# Restore a backup into an empty PostgreSQL database: deploy/restore.sh FILE URL [pg_restore options…]
#
# FILE: a dump made by deploy/backup.sh. URL: the database to restore into, written as
# LAWREPORT_DB_URL is (postgresql+psycopg://…); create it first (createdb). Stops at the first error.
# Point the dashboard's LAWREPORT_DB_URL at it afterwards; `python -m lawreport_data init-db` then
# brings an older dump's schema up to date.
set -eu
file="${1:?usage: restore.sh FILE URL}"
url="${2:?usage: restore.sh FILE URL}"
shift 2
dsn=$(printf '%s' "$url" | sed 's/^postgresql+[a-z0-9]*:/postgresql:/')
pg_restore --no-owner --exit-on-error --dbname="$dsn" "$@" "$file"
