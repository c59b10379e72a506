#!/usr/bin/env bash
# Docker entrypoint hook of the postgres image (production Compose overlay): Keycloak's own login role and
# database, apart from the platform's database and roles. Runs once, on an empty data directory; does
# nothing when KEYCLOAK_DB_PASSWORD is unset (the development file runs Keycloak on its embedded database).
set -euo pipefail
if [ -z "${KEYCLOAK_DB_PASSWORD:-}" ]; then
  exit 0
fi
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE keycloak LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'keycloak_password') \gexec
CREATE DATABASE keycloak OWNER keycloak;
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
SQL
