import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'verification';

/** The audit trail. */
export class Audit1764400000000 implements MigrationInterface {
  name = 'Audit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // The audit table as libs/audit defined it when this migration was written; frozen here, so that
    // changing the library never rewrites an applied migration.
    await q.query(`
      CREATE TABLE "${S}"."audit_log" (
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
    await q.query(`CREATE INDEX "audit_log_office_at_idx" ON "${S}"."audit_log" ("office_code", "at")`);
    await q.query(`CREATE INDEX "audit_log_subject_idx" ON "${S}"."audit_log" ("subject_id")`);
    await q.query(`
      CREATE FUNCTION "${S}"."audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "${S}"."audit_log"
      FOR EACH ROW EXECUTE FUNCTION "${S}"."audit_log_is_append_only"()`);
    await q.query(`
      CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "${S}"."audit_log"
      FOR EACH STATEMENT EXECUTE FUNCTION "${S}"."audit_log_is_append_only"()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "${S}"."audit_log" FROM CURRENT_USER`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."audit_log"`);
    await q.query(`DROP FUNCTION "${S}"."audit_log_is_append_only"()`);
  }
}
