import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

/**
 * The rule set each application was decided under. Applications stored before rule sets were recorded were
 * decided under PP 5/2021, the regulation the platform's catalogue followed then.
 */
export class RuleSets1765400000000 implements MigrationInterface {
  name = 'RuleSets1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."applications" ADD COLUMN "rule_set" varchar(40)`);
    await q.query(`UPDATE "${S}"."applications" SET "rule_set" = 'PP-5-2021'`);
    await q.query(`ALTER TABLE "${S}"."applications" ALTER COLUMN "rule_set" SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."applications" DROP COLUMN "rule_set"`);
  }
}
