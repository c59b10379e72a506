import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'issuance';

/** High-risk applications waiting for (or decided by) the head of office: one approval per application. */
export class Approvals1764510000000 implements MigrationInterface {
  name = 'Approvals1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."approvals" (
        "id" uuid PRIMARY KEY,
        "application_id" uuid NOT NULL UNIQUE,
        "application_number" varchar(30) NOT NULL,
        "office_code" char(4) NOT NULL,
        "status" varchar(20) NOT NULL CHECK ("status" IN ('PENDING','APPROVED','DENIED','WITHDRAWN')),
        "application" jsonb NOT NULL,
        "verified_by" jsonb,
        "requested_at" timestamptz NOT NULL,
        "due_at" timestamptz,
        "decided_at" timestamptz,
        "decided_by" varchar(200),
        "decided_by_name" varchar(200),
        "reason" varchar(1000)
      )`);
    await q.query(`CREATE INDEX "approvals_office_status_idx" ON "${S}"."approvals" ("office_code", "status", "requested_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."approvals"`);
  }
}
