import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'issuance';

/**
 * Issuance keeps the office's service levels and working-day calendar too (from OfficeConfigured), to
 * date the head of office's approvals. Offices configured before this migration get them with their next
 * OfficeConfigured event; until then approvals carry no due date.
 */
export class OfficeServiceLevels1764500000000 implements MigrationInterface {
  name = 'OfficeServiceLevels1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."offices" ADD COLUMN "service_levels" jsonb, ADD COLUMN "calendar" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."offices" DROP COLUMN "calendar", DROP COLUMN "service_levels"`);
  }
}
