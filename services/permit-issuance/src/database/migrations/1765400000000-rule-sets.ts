import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'issuance';

/**
 * The rule set each permit was issued under (the application's, from DocumentsVerified). Permits issued
 * before rule sets were recorded were issued under PP 5/2021.
 */
export class RuleSets1765400000000 implements MigrationInterface {
  name = 'RuleSets1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."permits" ADD COLUMN "rule_set" varchar(40)`);
    await q.query(`UPDATE "${S}"."permits" SET "rule_set" = 'PP-5-2021'`);
    await q.query(`ALTER TABLE "${S}"."permits" ALTER COLUMN "rule_set" SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."permits" DROP COLUMN "rule_set"`);
  }
}
