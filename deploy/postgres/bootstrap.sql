-- Two login roles and one schema per service, in the database psql is connected to.
-- Run as a superuser with: psql -v ON_ERROR_STOP=1 -v intake_password=… -v verification_password=…
--   -v issuance_password=… -v intake_owner_password=… -v verification_owner_password=…
--   -v issuance_owner_password=… -v notification_password=… -v notification_owner_password=…
--   -f bootstrap.sql   (deploy/postgres/bootstrap.sh does this).
-- Idempotent: safe to run again; it also resets the passwords to the given values.
--
-- Per service:
-- - <service>_owner owns the schema and every table in it. It is used only to run migrations
--   (MIGRATION_DATABASE_URL); nothing else connects as it.
-- - <service>_svc is the runtime role of the service (DATABASE_URL): it reads and writes the rows of the
--   service's tables (granted through default privileges, so tables of later migrations are covered), may
--   only INSERT and SELECT the audit table (the migrations revoke the rest), and can create, alter, drop or
--   grant nothing, so it cannot undo the audit trail's protections.
-- No role has any privilege on another service's schema.

SELECT format('CREATE ROLE %I LOGIN', r)
  FROM unnest(ARRAY['intake_svc', 'verification_svc', 'issuance_svc', 'notification_svc', 'intake_owner', 'verification_owner', 'issuance_owner', 'notification_owner']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec

SELECT format('ALTER ROLE intake_svc LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'intake_password') \gexec
SELECT format('ALTER ROLE verification_svc LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'verification_password') \gexec
SELECT format('ALTER ROLE issuance_svc LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'issuance_password') \gexec
SELECT format('ALTER ROLE intake_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'intake_owner_password') \gexec
SELECT format('ALTER ROLE verification_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'verification_owner_password') \gexec
SELECT format('ALTER ROLE issuance_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'issuance_owner_password') \gexec
SELECT format('ALTER ROLE notification_svc LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'notification_password') \gexec
SELECT format('ALTER ROLE notification_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'notification_owner_password') \gexec

-- Nobody but the owner creates objects in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS intake AUTHORIZATION intake_owner;
CREATE SCHEMA IF NOT EXISTS verification AUTHORIZATION verification_owner;
CREATE SCHEMA IF NOT EXISTS issuance AUTHORIZATION issuance_owner;
CREATE SCHEMA IF NOT EXISTS notification AUTHORIZATION notification_owner;

-- Databases made before the owner roles existed: the runtime roles owned their schemas and tables. Hand
-- everything they own in this database to the owner roles (a no-op once done).
ALTER SCHEMA intake OWNER TO intake_owner;
ALTER SCHEMA verification OWNER TO verification_owner;
ALTER SCHEMA issuance OWNER TO issuance_owner;
ALTER SCHEMA notification OWNER TO notification_owner;
REASSIGN OWNED BY intake_svc TO intake_owner;
REASSIGN OWNED BY verification_svc TO verification_owner;
REASSIGN OWNED BY issuance_svc TO issuance_owner;
REASSIGN OWNED BY notification_svc TO notification_owner;

REVOKE ALL ON SCHEMA intake, verification, issuance, notification FROM PUBLIC;
REVOKE CREATE ON SCHEMA intake FROM intake_svc;
REVOKE CREATE ON SCHEMA verification FROM verification_svc;
REVOKE CREATE ON SCHEMA issuance FROM issuance_svc;
REVOKE CREATE ON SCHEMA notification FROM notification_svc;
GRANT USAGE ON SCHEMA intake TO intake_svc;
GRANT USAGE ON SCHEMA verification TO verification_svc;
GRANT USAGE ON SCHEMA issuance TO issuance_svc;
GRANT USAGE ON SCHEMA notification TO notification_svc;

-- Rows, not structure: what the owner's migrations create from now on ...
ALTER DEFAULT PRIVILEGES FOR ROLE intake_owner IN SCHEMA intake GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO intake_svc;
ALTER DEFAULT PRIVILEGES FOR ROLE intake_owner IN SCHEMA intake GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO intake_svc;
ALTER DEFAULT PRIVILEGES FOR ROLE verification_owner IN SCHEMA verification GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO verification_svc;
ALTER DEFAULT PRIVILEGES FOR ROLE verification_owner IN SCHEMA verification GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO verification_svc;
ALTER DEFAULT PRIVILEGES FOR ROLE issuance_owner IN SCHEMA issuance GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO issuance_svc;
ALTER DEFAULT PRIVILEGES FOR ROLE issuance_owner IN SCHEMA issuance GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO issuance_svc;
ALTER DEFAULT PRIVILEGES FOR ROLE notification_owner IN SCHEMA notification GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO notification_svc;
ALTER DEFAULT PRIVILEGES FOR ROLE notification_owner IN SCHEMA notification GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO notification_svc;

-- ... and what is already there (a database migrated before this file had owner roles).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA intake TO intake_svc;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA intake TO intake_svc;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA verification TO verification_svc;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA verification TO verification_svc;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA issuance TO issuance_svc;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA issuance TO issuance_svc;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA notification TO notification_svc;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA notification TO notification_svc;

-- The audit trail stays INSERT and SELECT only for the runtime role (the grants above included it; the
-- service's audit migration does the same for a table it creates later). Its migrations table is the
-- owner's alone.
SELECT format('REVOKE ALL ON %I.%I FROM %I', s, t, r) || format('; GRANT SELECT, INSERT ON %I.%I TO %I', s, t, r)
  FROM (VALUES ('intake', 'intake_svc'), ('verification', 'verification_svc'), ('issuance', 'issuance_svc'), ('notification', 'notification_svc')) AS v(s, r),
       LATERAL (SELECT 'audit_log'::text AS t) AS a
 WHERE to_regclass(format('%I.%I', s, t)) IS NOT NULL \gexec
SELECT format('REVOKE ALL ON %I.%I FROM %I', s, s || '_migrations', r)
  FROM (VALUES ('intake', 'intake_svc'), ('verification', 'verification_svc'), ('issuance', 'issuance_svc'), ('notification', 'notification_svc')) AS v(s, r)
 WHERE to_regclass(format('%I.%I', s, s || '_migrations')) IS NOT NULL \gexec

ALTER ROLE intake_svc SET search_path = intake;
ALTER ROLE verification_svc SET search_path = verification;
ALTER ROLE issuance_svc SET search_path = issuance;
ALTER ROLE notification_svc SET search_path = notification;
ALTER ROLE intake_owner SET search_path = intake;
ALTER ROLE verification_owner SET search_path = verification;
ALTER ROLE issuance_owner SET search_path = issuance;
ALTER ROLE notification_owner SET search_path = notification;
