import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'verification';

/** Officer decisions on a case: revision rounds, rejection, withdrawal, and which verifier holds it. */
export class Decisions1764500000000 implements MigrationInterface {
  name = 'Decisions1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."verification_cases" DROP CONSTRAINT "verification_cases_status_check"`);
    await q.query(`ALTER TABLE "${S}"."verification_cases" ADD CONSTRAINT "verification_cases_status_check"
      CHECK ("status" IN ('AWAITING_OFFICER','REVISION_REQUESTED','VERIFIED','REJECTED','WITHDRAWN'))`);
    await q.query(`ALTER TABLE "${S}"."verification_cases"
      ADD COLUMN "assigned_to" varchar(200),
      ADD COLUMN "revision_round" integer NOT NULL DEFAULT 0,
      ADD COLUMN "reasons" jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."verification_cases" DROP COLUMN "reasons", DROP COLUMN "revision_round", DROP COLUMN "assigned_to"`);
    await q.query(`ALTER TABLE "${S}"."verification_cases" DROP CONSTRAINT "verification_cases_status_check"`);
    await q.query(`ALTER TABLE "${S}"."verification_cases" ADD CONSTRAINT "verification_cases_status_check"
      CHECK ("status" IN ('AWAITING_OFFICER','VERIFIED'))`);
  }
}
