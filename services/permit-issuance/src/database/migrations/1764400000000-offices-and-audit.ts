import { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTable, dropAuditTable } from '@mpp/audit';

const S = 'issuance';

/** Issuance's copy of each office's configuration (from OfficeConfigured events), and the audit trail. */
export class OfficesAndAudit1764400000000 implements MigrationInterface {
  name = 'OfficesAndAudit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."offices" (
        "code" char(4) PRIMARY KEY,
        "office_id" uuid NOT NULL,
        "name" varchar(200) NOT NULL,
        "timezone" varchar(40) NOT NULL,
        "permit_number_template" varchar(100) NOT NULL,
        "active" boolean NOT NULL,
        "revision" integer NOT NULL
      )`);
    await createAuditTable(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTable(q, S);
    await q.query(`DROP TABLE "${S}"."offices"`);
  }
}
