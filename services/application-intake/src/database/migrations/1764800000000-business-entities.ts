import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

/**
 * Applications from a business entity (badan usaha): the kind of applicant (existing rows are individuals)
 * and the entity's data (form, name, NPWP, deed) as submitted.
 */
export class BusinessEntities1764800000000 implements MigrationInterface {
  name = 'BusinessEntities1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "${S}"."applications"
         ADD COLUMN "applicant_kind" varchar(10) NOT NULL DEFAULT 'INDIVIDUAL'
           CONSTRAINT "applications_applicant_kind_check" CHECK ("applicant_kind" IN ('INDIVIDUAL', 'ENTITY')),
         ADD COLUMN "entity" jsonb`,
    );
    await q.query(
      `ALTER TABLE "${S}"."applications" ADD CONSTRAINT "applications_entity_matches_kind_check"
         CHECK (("applicant_kind" = 'ENTITY') = ("entity" IS NOT NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."applications" DROP CONSTRAINT "applications_entity_matches_kind_check"`);
    await q.query(`ALTER TABLE "${S}"."applications" DROP COLUMN "entity", DROP COLUMN "applicant_kind"`);
  }
}
