import { QueryRunner } from 'typeorm';

/**
 * The append-only audit table of a service, in its schema: who (officer or system, role, office), what
 * (action on a subject), when (UTC), from where (client address) and the correlation id. The service's
 * own role loses UPDATE, DELETE and TRUNCATE on it, and a trigger refuses them for everyone else too.
 *
 * For the tests of this library: each service's migrations carry their own frozen copy (a migration never
 * calls code that may change), so a change here is a new migration in every service.
 */
export async function createAuditTable(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`
    CREATE TABLE "${schema}"."audit_log" (
      "id" bigserial PRIMARY KEY,
      "at" timestamptz NOT NULL DEFAULT now(),
      "office_code" char(4),
      "actor_kind" varchar(20) NOT NULL CHECK ("actor_kind" IN ('officer','applicant','system')),
      "actor_id" varchar(200) NOT NULL,
      "actor_role" varchar(100),
      "action" varchar(100) NOT NULL,
      "subject_type" varchar(50) NOT NULL,
      "subject_id" varchar(100) NOT NULL,
      "source_ip" varchar(64),
      "correlation_id" varchar(200),
      "details" jsonb NOT NULL DEFAULT '{}'::jsonb
    )`);
  await runner.query(`CREATE INDEX "audit_log_office_at_idx" ON "${schema}"."audit_log" ("office_code", "at")`);
  await runner.query(`CREATE INDEX "audit_log_subject_idx" ON "${schema}"."audit_log" ("subject_id")`);
  await runner.query(`
    CREATE FUNCTION "${schema}"."audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await runner.query(`
    CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "${schema}"."audit_log"
    FOR EACH ROW EXECUTE FUNCTION "${schema}"."audit_log_is_append_only"()`);
  await runner.query(`
    CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "${schema}"."audit_log"
    FOR EACH STATEMENT EXECUTE FUNCTION "${schema}"."audit_log_is_append_only"()`);
  await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "${schema}"."audit_log" FROM CURRENT_USER`);
}

