-- One schema and one login role per service, in the database psql is connected to.
-- Run as a superuser with: psql -v ON_ERROR_STOP=1 -v intake_password=… -v verification_password=…
--   -v issuance_password=… -f bootstrap.sql   (deploy/postgres/bootstrap.sh does this).
-- Idempotent: safe to run again; it also resets the passwords to the given values.
-- Each role owns its schema and has no privilege on the others, so a service cannot read or write
-- another service's tables.

SELECT format('CREATE ROLE %I LOGIN', r) FROM unnest(ARRAY['intake_svc', 'verification_svc', 'issuance_svc']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec

SELECT format('ALTER ROLE intake_svc LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'intake_password') \gexec
SELECT format('ALTER ROLE verification_svc LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'verification_password') \gexec
SELECT format('ALTER ROLE issuance_svc LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'issuance_password') \gexec

-- Nobody but the owner creates objects in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS intake AUTHORIZATION intake_svc;
CREATE SCHEMA IF NOT EXISTS verification AUTHORIZATION verification_svc;
CREATE SCHEMA IF NOT EXISTS issuance AUTHORIZATION issuance_svc;

REVOKE ALL ON SCHEMA intake, verification, issuance FROM PUBLIC;

ALTER ROLE intake_svc SET search_path = intake;
ALTER ROLE verification_svc SET search_path = verification;
ALTER ROLE issuance_svc SET search_path = issuance;
