#!/usr/bin/env bash
# Docker entrypoint hook of the postgres image: runs once on an empty data directory.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v intake_password="$INTAKE_DB_PASSWORD" \
  -v verification_password="$VERIFICATION_DB_PASSWORD" \
  -v issuance_password="$ISSUANCE_DB_PASSWORD" \
  -v intake_owner_password="$INTAKE_OWNER_DB_PASSWORD" \
  -v verification_owner_password="$VERIFICATION_OWNER_DB_PASSWORD" \
  -v issuance_owner_password="$ISSUANCE_OWNER_DB_PASSWORD" \
  -v notification_password="$NOTIFICATION_DB_PASSWORD" \
  -v notification_owner_password="$NOTIFICATION_OWNER_DB_PASSWORD" \
  -f /docker-entrypoint-initdb.d/bootstrap.sql.include
