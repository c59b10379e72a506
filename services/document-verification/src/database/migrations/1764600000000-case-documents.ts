import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'verification';

/** The documents of each case (references from DocumentUploaded) and the verifier's decision on each. */
export class CaseDocuments1764600000000 implements MigrationInterface {
  name = 'CaseDocuments1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."case_documents" (
        "id" uuid PRIMARY KEY,
        "application_id" uuid NOT NULL,
        "type" varchar(40) NOT NULL,
        "content_type" varchar(40) NOT NULL,
        "size_bytes" integer NOT NULL,
        "sha256" char(64) NOT NULL,
        "storage_key" varchar(200) NOT NULL,
        "uploaded_at" timestamptz NOT NULL,
        "current" boolean NOT NULL DEFAULT true,
        "decision" varchar(20) CHECK ("decision" IN ('ACCEPTED','REJECTED')),
        "decision_note" varchar(500),
        "decided_by" varchar(200),
        "decided_at" timestamptz
      )`);
    await q.query(`CREATE INDEX "case_documents_application_idx" ON "${S}"."case_documents" ("application_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."case_documents"`);
  }
}
