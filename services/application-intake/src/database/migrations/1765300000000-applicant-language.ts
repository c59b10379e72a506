import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

/** The language the applicant wants messages in (id or en; absent means Bahasa Indonesia). */
export class ApplicantLanguage1765300000000 implements MigrationInterface {
  name = 'ApplicantLanguage1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."applications" ADD COLUMN "applicant_language" varchar(2) CHECK ("applicant_language" IN ('id','en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."applications" DROP COLUMN "applicant_language"`);
  }
}
