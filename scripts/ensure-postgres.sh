#!/usr/bin/env bash
# Makes sure PostgreSQL answers on $PGHOST:$PGPORT; starts the local cluster when it is down
# (development and CI machines run PostgreSQL 15 from Debian's packages).
set -euo pipefail
host="${PGHOST:-127.0.0.1}" port="${PGPORT:-5432}"
if pg_isready -q -h "$host" -p "$port"; then exit 0; fi
if command -v pg_ctlcluster >/dev/null; then
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  echo "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 60); do pg_isready -q -h "$host" -p "$port" && exit 0; sleep 0.5; done
echo "PostgreSQL is not reachable on $host:$port" >&2
exit 1
