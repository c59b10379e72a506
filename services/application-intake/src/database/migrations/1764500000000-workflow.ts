import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

/** What the licensing workflow adds to the entrepreneur's view: reasons, overdue flag, revoked permits. */
export class Workflow1764500000000 implements MigrationInterface {
  name = 'Workflow1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."application_timeline" ADD COLUMN "reasons" jsonb`);
    await q.query(`ALTER TABLE "${S}"."applications" ADD COLUMN "sla_breached_at" timestamptz`);
    await q.query(`ALTER TABLE "${S}"."application_permits" ADD COLUMN "revoked_at" timestamptz, ADD COLUMN "revocation_reason" varchar(1000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."application_permits" DROP COLUMN "revocation_reason", DROP COLUMN "revoked_at"`);
    await q.query(`ALTER TABLE "${S}"."applications" DROP COLUMN "sla_breached_at"`);
    await q.query(`ALTER TABLE "${S}"."application_timeline" DROP COLUMN "reasons"`);
  }
}
