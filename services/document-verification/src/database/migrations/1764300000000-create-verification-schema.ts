import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@mpp/messaging';

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
    await createMessagingTables(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropMessagingTables(q, S);
    await q.query(`DROP TABLE "${S}"."verification_cases"`);
  }
}
