import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

/** The legal basis of a permit issued by operation of law (fiktif positif), as PermitIssued names it; null otherwise. */
export class DeemedPermits1765500000000 implements MigrationInterface {
  name = 'DeemedPermits1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."application_permits" ADD COLUMN "deemed_basis" varchar(500)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."application_permits" DROP COLUMN "deemed_basis"`);
  }
}
