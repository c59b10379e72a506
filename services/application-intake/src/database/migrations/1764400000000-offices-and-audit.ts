import { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTable, dropAuditTable } from '@mpp/audit';

const S = 'intake';

/** Offices (tenants) owned by intake, how each application was filed, and the audit trail. */
export class OfficesAndAudit1764400000000 implements MigrationInterface {
  name = 'OfficesAndAudit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."offices" (
        "id" uuid PRIMARY KEY,
        "code" char(4) NOT NULL UNIQUE CHECK ("code" ~ '^[0-9]{4}$'),
        "name" varchar(200) NOT NULL,
        "address" varchar(300) NOT NULL DEFAULT '',
        "timezone" varchar(40) NOT NULL CHECK ("timezone" IN ('Asia/Jakarta','Asia/Makassar','Asia/Jayapura')),
        "permit_number_template" varchar(100) NOT NULL,
        "service_levels" jsonb NOT NULL,
        "calendar" jsonb NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "revision" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE "${S}"."applications" ADD COLUMN "channel" varchar(10) NOT NULL DEFAULT 'ONLINE' CHECK ("channel" IN ('ONLINE','COUNTER'))`);
    await q.query(`ALTER TABLE "${S}"."applications" ADD COLUMN "filed_by" varchar(200)`);
    await createAuditTable(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTable(q, S);
    await q.query(`ALTER TABLE "${S}"."applications" DROP COLUMN "filed_by", DROP COLUMN "channel"`);
    await q.query(`DROP TABLE "${S}"."offices"`);
  }
}
