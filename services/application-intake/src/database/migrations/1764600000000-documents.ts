import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

/** Documents uploaded for an application (references to the document store; the bytes live there). */
export class Documents1764600000000 implements MigrationInterface {
  name = 'Documents1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."application_documents" (
        "id" uuid PRIMARY KEY,
        "application_id" uuid NOT NULL REFERENCES "${S}"."applications" ("id"),
        "type" varchar(40) NOT NULL,
        "content_type" varchar(40) NOT NULL CHECK ("content_type" IN ('application/pdf','image/jpeg','image/png')),
        "size_bytes" integer NOT NULL CHECK ("size_bytes" > 0),
        "sha256" char(64) NOT NULL,
        "storage_key" varchar(200) NOT NULL,
        "file_name" varchar(200) NOT NULL,
        "uploaded_at" timestamptz NOT NULL,
        "uploaded_by" varchar(200) NOT NULL,
        "current" boolean NOT NULL DEFAULT true
      )`);
    await q.query(`CREATE UNIQUE INDEX "application_documents_current_uq" ON "${S}"."application_documents" ("application_id", "type") WHERE "current"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."application_documents"`);
  }
}
