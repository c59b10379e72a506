import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'issuance';

/**
 * The approval's deadline: when its due date was warned about (once per due date) and found missed (once),
 * and the legal basis when the Izin was issued by operation of law because it was missed (fiktif positif).
 */
export class ApprovalDeadlines1765500000000 implements MigrationInterface {
  name = 'ApprovalDeadlines1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."approvals" ADD COLUMN "sla_warned_for" timestamptz, ADD COLUMN "sla_breached_at" timestamptz, ADD COLUMN "deemed_basis" varchar(500)`);
    await q.query(`CREATE INDEX "approvals_due_idx" ON "${S}"."approvals" ("due_at") WHERE "sla_breached_at" IS NULL AND "status" = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${S}"."approvals_due_idx"`);
    await q.query(`ALTER TABLE "${S}"."approvals" DROP COLUMN "deemed_basis", DROP COLUMN "sla_breached_at", DROP COLUMN "sla_warned_for"`);
  }
}
