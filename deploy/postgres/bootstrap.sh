#!/usr/bin/env bash
# Creates the database (if missing), the per-service roles and schemas. Usage:
#   deploy/postgres/bootstrap.sh [database]        (default: $MPP_DATABASE or "mpp")
# Connects as $PGUSER (default postgres) to $PGHOST:$PGPORT (default 127.0.0.1:5432).
# Passwords of the runtime roles: INTAKE_DB_PASSWORD, VERIFICATION_DB_PASSWORD, ISSUANCE_DB_PASSWORD,
# NOTIFICATION_DB_PASSWORD; of the owner roles (migrations only): INTAKE_OWNER_DB_PASSWORD,
# VERIFICATION_OWNER_DB_PASSWORD, ISSUANCE_OWNER_DB_PASSWORD, NOTIFICATION_OWNER_DB_PASSWORD.
# Development default: the role's name.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
db="${1:-${MPP_DATABASE:-mpp}}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  psql -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$db\""
  echo "created database $db"
fi
# Roles are the server's, not the database's: two bootstraps of different databases at once (two checkouts
# testing on one server) can meet on the same role row ("tuple concurrently updated", or both creating it). The script is
# idempotent, so it is simply run again.
apply() {
  psql -d "$db" -v ON_ERROR_STOP=1 -q \
    -v intake_password="${INTAKE_DB_PASSWORD:-intake_svc}" \
    -v verification_password="${VERIFICATION_DB_PASSWORD:-verification_svc}" \
    -v issuance_password="${ISSUANCE_DB_PASSWORD:-issuance_svc}" \
    -v intake_owner_password="${INTAKE_OWNER_DB_PASSWORD:-intake_owner}" \
    -v verification_owner_password="${VERIFICATION_OWNER_DB_PASSWORD:-verification_owner}" \
    -v issuance_owner_password="${ISSUANCE_OWNER_DB_PASSWORD:-issuance_owner}" \
    -v notification_password="${NOTIFICATION_DB_PASSWORD:-notification_svc}" \
    -v notification_owner_password="${NOTIFICATION_OWNER_DB_PASSWORD:-notification_owner}" \
    -f "$here/bootstrap.sql" >/dev/null
}
for attempt in 1 2 3 4 5; do
  if errors="$(apply 2>&1 >/dev/null)"; then break; fi
  if [ "$attempt" -lt 5 ] && grep -Eq 'tuple concurrently (updated|deleted)|duplicate key value violates unique constraint "pg_authid_rolname_index"' <<<"$errors"; then
    sleep "0.$((RANDOM % 9 + 1))"
    continue
  fi
  echo "$errors" >&2
  exit 1
done
echo "database $db: schemas intake, verification, issuance, notification, their owner and runtime roles are in place"
