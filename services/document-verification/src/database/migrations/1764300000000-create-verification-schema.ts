import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'verification';

export class CreateVerificationSchema1764300000000 implements MigrationInterface {
  name = 'CreateVerificationSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."verification_cases" (
        "id" uuid PRIMARY KEY,
        "application_id" uuid NOT NULL UNIQUE,
        "application_number" varchar(30) NOT NULL,
        "office_code" char(4) NOT NULL,
        "risk_level" varchar(20) NOT NULL CHECK ("risk_level" IN ('RENDAH','MENENGAH_RENDAH','MENENGAH_TINGGI','TINGGI')),
        "business_scale" varchar(10) NOT NULL CHECK ("business_scale" IN ('MIKRO','KECIL','MENENGAH','BESAR')),
        "status" varchar(30) NOT NULL CHECK ("status" IN ('AWAITING_OFFICER','VERIFIED')),
        "checklist" jsonb NOT NULL,
        "automatic_checks" jsonb NOT NULL,
        "applicant" jsonb NOT NULL,
        "business" jsonb NOT NULL,
        "opened_at" timestamptz NOT NULL,
        "decided_at" timestamptz,
        "decided_by" varchar(100)
      )`);
    await q.query(`CREATE INDEX "cases_office_status_idx" ON "${S}"."verification_cases" ("office_code", "status", "opened_at")`);
    // The messaging tables (outbox, inbox) as libs/messaging defined them when this migration was written;
    // frozen here, so that changing the library never rewrites an applied migration.
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."inbox"`);
    await q.query(`DROP TABLE "${S}"."outbox"`);
    await q.query(`DROP TABLE "${S}"."verification_cases"`);
  }
}
