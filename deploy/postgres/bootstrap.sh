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
echo "database $db: schemas intake, verification, issuance, notification, their owner and runtime roles are in place"
