import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'verification';

/** The due date a case's "due within one working day" warning (SlaDueSoon) was given for, so it is given once per due date. */
export class SlaWarnings1765300000000 implements MigrationInterface {
  name = 'SlaWarnings1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."verification_cases" ADD COLUMN "sla_warned_for" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."verification_cases" DROP COLUMN "sla_warned_for"`);
  }
}
