import { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTable, dropAuditTable } from '@mpp/audit';

export class Audit1764400000000 implements MigrationInterface {
  name = 'Audit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await createAuditTable(q, 'verification');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTable(q, 'verification');
  }
}
