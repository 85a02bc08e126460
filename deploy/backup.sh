#!/bin/sh
# Back up the PostgreSQL store: deploy/backup.sh [FILE] [pg_dump options…]
#
# A custom-format pg_dump (compressed; restore it with deploy/restore.sh) of the database that
# LAWREPORT_DB_URL names (the dashboard's own setting, e.g. postgresql+psycopg://lawreport@db/lawreport).
# FILE defaults to lawreport-YYYYmmdd-HHMMSS.dump in the current folder; its name is printed.
# Run it from cron (e.g. nightly) on a machine with the PostgreSQL client (Debian: postgresql-client).
set -eu
url="${LAWREPORT_DB_URL:?set LAWREPORT_DB_URL to the PostgreSQL store}"
case "$url" in
  postgresql*) ;;
  *) echo "backup.sh: LAWREPORT_DB_URL is not a PostgreSQL URL (a SQLite store is one file: copy it)" >&2; exit 2 ;;
esac
dsn=$(printf '%s' "$url" | sed 's/^postgresql+[a-z0-9]*:/postgresql:/')  # libpq's URL: no driver name
out="${1:-lawreport-$(date +%Y%m%d-%H%M%S).dump}"
[ $# -gt 0 ] && shift
pg_dump --format=custom --no-owner --file="$out" "$@" "$dsn"
echo "$out"
