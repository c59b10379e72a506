import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'issuance';

export class CreateIssuanceSchema1764300000000 implements MigrationInterface {
  name = 'CreateIssuanceSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // NIB serials: 7 digits after the DDMMYY issuance date, unique across the installation.
    await q.query(`CREATE SEQUENCE "${S}"."nib_serial" MINVALUE 1 MAXVALUE 9999999 CYCLE`);
    await q.query(`
      CREATE TABLE "${S}"."business_actors" (
        "id" uuid PRIMARY KEY,
        "nik" char(16) NOT NULL UNIQUE,
        "nib" char(13) NOT NULL UNIQUE CHECK ("nib" ~ '^[0-9]{13}$'),
        "name" varchar(200) NOT NULL,
        "office_code" char(4) NOT NULL,
        "registered_at" timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "${S}"."permits" (
        "id" uuid PRIMARY KEY,
        "application_id" uuid NOT NULL,
        "application_number" varchar(30) NOT NULL,
        "business_actor_id" uuid NOT NULL REFERENCES "${S}"."business_actors" ("id"),
        "type" varchar(30) NOT NULL CHECK ("type" IN ('NIB','SERTIFIKAT_STANDAR','IZIN')),
        "number" varchar(60) NOT NULL,
        "office_code" char(4) NOT NULL,
        "business_name" varchar(200) NOT NULL,
        "kbli" char(5) NOT NULL,
        "kbli_title" varchar(300) NOT NULL,
        "risk_level" varchar(20) NOT NULL,
        "status" varchar(20) NOT NULL CHECK ("status" IN ('ACTIVE','REVOKED')),
        "issued_at" timestamptz NOT NULL,
        "valid_until" timestamptz,
        UNIQUE ("application_id", "type")
      )`);
    await q.query(`CREATE INDEX "permits_number_idx" ON "${S}"."permits" ("number")`);
    await q.query(`CREATE UNIQUE INDEX "permits_document_number_uq" ON "${S}"."permits" ("number") WHERE "type" <> 'NIB'`);
    await q.query(`
      CREATE TABLE "${S}"."permit_counters" (
        "office_code" char(4) NOT NULL,
        "year" smallint NOT NULL,
        "type" varchar(30) NOT NULL,
        "last_number" integer NOT NULL,
        PRIMARY KEY ("office_code", "year", "type")
      )`);
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
    for (const table of ['permit_counters', 'permits', 'business_actors']) await q.query(`DROP TABLE "${S}"."${table}"`);
    await q.query(`DROP SEQUENCE "${S}"."nib_serial"`);
  }
}
