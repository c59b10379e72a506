import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'verification';

/** Service-level clock per case, and the office calendars it runs on (from OfficeConfigured). */
export class ServiceLevels1764700000000 implements MigrationInterface {
  name = 'ServiceLevels1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."office_calendars" (
        "code" char(4) PRIMARY KEY,
        "timezone" varchar(40) NOT NULL,
        "calendar" jsonb NOT NULL,
        "verification_days" integer NOT NULL,
        "revision" integer NOT NULL
      )`);
    await q.query(`ALTER TABLE "${S}"."verification_cases"
      ADD COLUMN "sla_clock" jsonb,
      ADD COLUMN "due_at" timestamptz,
      ADD COLUMN "sla_breached_at" timestamptz`);
    await q.query(`CREATE INDEX "cases_due_idx" ON "${S}"."verification_cases" ("due_at") WHERE "sla_breached_at" IS NULL AND "status" = 'AWAITING_OFFICER'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."verification_cases" DROP COLUMN "sla_breached_at", DROP COLUMN "due_at", DROP COLUMN "sla_clock"`);
    await q.query(`DROP TABLE "${S}"."office_calendars"`);
  }
}
