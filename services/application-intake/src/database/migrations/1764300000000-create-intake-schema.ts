import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

export class CreateIntakeSchema1764300000000 implements MigrationInterface {
  name = 'CreateIntakeSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."applications" (
        "id" uuid PRIMARY KEY,
        "application_number" varchar(30) NOT NULL,
        "tracking_code_hash" char(64) NOT NULL,
        "office_code" char(4) NOT NULL,
        "status" varchar(30) NOT NULL CHECK ("status" IN ('SUBMITTED','UNDER_VERIFICATION','REVISION_REQUESTED','VERIFIED','AWAITING_APPROVAL','ISSUED','REJECTED','WITHDRAWN')),
        "risk_level" varchar(20) NOT NULL CHECK ("risk_level" IN ('RENDAH','MENENGAH_RENDAH','MENENGAH_TINGGI','TINGGI')),
        "business_scale" varchar(10) NOT NULL CHECK ("business_scale" IN ('MIKRO','KECIL','MENENGAH','BESAR')),
        "applicant_nik" char(16) NOT NULL,
        "applicant_name" varchar(200) NOT NULL,
        "applicant_email" varchar(254),
        "applicant_phone" varchar(20),
        "applicant_npwp" varchar(16),
        "business_name" varchar(200) NOT NULL,
        "kbli" char(5) NOT NULL,
        "capital" bigint NOT NULL CHECK ("capital" >= 0),
        "annual_sales" bigint CHECK ("annual_sales" >= 0),
        "region_code" char(10) NOT NULL,
        "street" varchar(300) NOT NULL,
        "submitted_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX "applications_number_uq" ON "${S}"."applications" ("application_number")`);
    await q.query(`CREATE INDEX "applications_office_status_idx" ON "${S}"."applications" ("office_code", "status")`);
    await q.query(`
      CREATE TABLE "${S}"."application_counters" (
        "office_code" char(4) NOT NULL,
        "year" smallint NOT NULL,
        "last_number" integer NOT NULL,
        PRIMARY KEY ("office_code", "year")
      )`);
    await q.query(`
      CREATE TABLE "${S}"."application_timeline" (
        "id" bigserial PRIMARY KEY,
        "application_id" uuid NOT NULL REFERENCES "${S}"."applications" ("id"),
        "status" varchar(30) NOT NULL,
        "at" timestamptz NOT NULL,
        "note" varchar(500),
        "event_id" uuid UNIQUE
      )`);
    await q.query(`CREATE INDEX "timeline_application_idx" ON "${S}"."application_timeline" ("application_id")`);
    await q.query(`
      CREATE TABLE "${S}"."application_permits" (
        "application_id" uuid NOT NULL REFERENCES "${S}"."applications" ("id"),
        "type" varchar(30) NOT NULL CHECK ("type" IN ('NIB','SERTIFIKAT_STANDAR','IZIN')),
        "number" varchar(60) NOT NULL,
        "issued_at" timestamptz NOT NULL,
        "valid_until" timestamptz,
        "verification_url" varchar(500),
        PRIMARY KEY ("application_id", "type")
      )`);
    await q.query(`
      CREATE TABLE "${S}"."idempotency_keys" (
        "key" varchar(100) PRIMARY KEY,
        "request_hash" char(64) NOT NULL,
        "response" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "idempotency_keys_created_idx" ON "${S}"."idempotency_keys" ("created_at")`);
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
    for (const table of ['idempotency_keys', 'application_permits', 'application_timeline', 'application_counters', 'applications']) {
      await q.query(`DROP TABLE "${S}"."${table}"`);
    }
  }
}
