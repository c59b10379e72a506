import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notification';

/**
 * The notification service's schema: the offices' names (for the signature), the applicants' contact data
 * (deleted a configurable number of days after the application closes), one delivery record per event,
 * channel and recipient (the recipient as a keyed hash; an officer's work address is kept with it, an
 * applicant's is read from the contact when sending), the messaging tables and the audit trail.
 *
 * Frozen: self-contained SQL. The outbox, inbox and audit table are as libs/messaging and libs/audit defined
 * them when it was written (the next migration chains the audit trail, as in the other services).
 */
export class CreateNotificationSchema1765300000000 implements MigrationInterface {
  name = 'CreateNotificationSchema1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."offices" (
        "code" char(4) PRIMARY KEY,
        "name" varchar(200) NOT NULL,
        "address" varchar(300) NOT NULL,
        "timezone" varchar(40) NOT NULL,
        "revision" integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "${S}"."contacts" (
        "application_id" uuid PRIMARY KEY,
        "application_number" varchar(40) NOT NULL,
        "office_code" char(4) NOT NULL,
        "business_name" varchar(200) NOT NULL,
        "email" varchar(254),
        "phone" varchar(20),
        "language" varchar(2) NOT NULL CHECK ("language" IN ('id','en')),
        "unsubscribed_at" timestamptz,
        "closed_at" timestamptz,
        "delete_after" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "contacts_delete_after_idx" ON "${S}"."contacts" ("delete_after") WHERE "delete_after" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "${S}"."deliveries" (
        "id" uuid PRIMARY KEY,
        "event_id" uuid NOT NULL,
        "event_type" varchar(100) NOT NULL,
        "kind" varchar(40) NOT NULL,
        "channel" varchar(20) NOT NULL CHECK ("channel" IN ('EMAIL','WHATSAPP','SMS')),
        "audience" varchar(20) NOT NULL CHECK ("audience" IN ('applicant','officer')),
        "recipient_hash" char(64) NOT NULL,
        "recipient" varchar(254),
        "application_id" uuid NOT NULL,
        "application_number" varchar(40) NOT NULL,
        "office_code" char(4) NOT NULL,
        "language" varchar(2) NOT NULL CHECK ("language" IN ('id','en')),
        "fields" jsonb NOT NULL,
        "status" varchar(20) NOT NULL CHECK ("status" IN ('PENDING','SENT','FAILED','GAVE_UP','CANCELLED')),
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "last_error" text,
        "provider_id" varchar(200),
        "subject" varchar(300),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        UNIQUE ("event_id", "channel", "recipient_hash")
      )`);
    await q.query(`CREATE INDEX "deliveries_due_idx" ON "${S}"."deliveries" ("next_attempt_at") WHERE "status" = 'PENDING'`);
    await q.query(`CREATE INDEX "deliveries_application_idx" ON "${S}"."deliveries" ("application_number", "created_at")`);
    await q.query(`
      CREATE TABLE "${S}"."outbox" (
        "id" bigserial PRIMARY KEY,
        "event_id" uuid NOT NULL UNIQUE,
        "topic" varchar(200) NOT NULL,
        "aggregatetype" varchar(100) NOT NULL,
        "aggregateid" varchar(100) NOT NULL,
        "type" varchar(100) NOT NULL,
        "payload" jsonb NOT NULL,
        "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "occurred_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text
      )`);
    await q.query(`CREATE INDEX "outbox_unpublished_idx" ON "${S}"."outbox" ("id") WHERE "published_at" IS NULL`);
    await q.query(`
      CREATE TABLE "${S}"."inbox" (
        "consumer" varchar(200) NOT NULL,
        "event_id" uuid NOT NULL,
        "topic" varchar(200) NOT NULL,
        "event_type" varchar(100) NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("consumer", "event_id")
      )`);
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
    for (const table of ['inbox', 'outbox', 'deliveries', 'contacts', 'offices']) await q.query(`DROP TABLE "${S}"."${table}"`);
  }
}
