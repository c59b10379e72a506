import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'verification';

/**
 * The rule set each case's application was decided under (ApplicationSubmitted's ruleSet). Cases opened
 * before rule sets were recorded were decided under PP 5/2021.
 */
export class RuleSets1765400000000 implements MigrationInterface {
  name = 'RuleSets1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."verification_cases" ADD COLUMN "rule_set" varchar(40)`);
    await q.query(`UPDATE "${S}"."verification_cases" SET "rule_set" = 'PP-5-2021'`);
    await q.query(`ALTER TABLE "${S}"."verification_cases" ALTER COLUMN "rule_set" SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."verification_cases" DROP COLUMN "rule_set"`);
  }
}
