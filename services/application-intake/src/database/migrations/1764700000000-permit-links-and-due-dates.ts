import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

/** The certificate download link of each permit, and the head of office's due date for an approval. */
export class PermitLinksAndDueDates1764700000000 implements MigrationInterface {
  name = 'PermitLinksAndDueDates1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."application_permits" ADD COLUMN "certificate_url" varchar(500), ADD COLUMN "certificate_sha256" char(64)`);
    await q.query(`ALTER TABLE "${S}"."applications" ADD COLUMN "approval_due_at" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."applications" DROP COLUMN "approval_due_at"`);
    await q.query(`ALTER TABLE "${S}"."application_permits" DROP COLUMN "certificate_sha256", DROP COLUMN "certificate_url"`);
  }
}
