import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'issuance';

/** The legal basis of a permit issued because a deadline lapsed (fiktif positif); null for every other permit. */
export class DeemedApprovals1765400000001 implements MigrationInterface {
  name = 'DeemedApprovals1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."permits" ADD COLUMN "deemed_basis" varchar(500)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."permits" DROP COLUMN "deemed_basis"`);
  }
}
