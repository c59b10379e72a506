import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'issuance';

/**
 * Revocation of permits; the certificate PDF of each permit with its hash and the signature of the
 * permit data; the offices' signing keys (LocalKeySigner).
 */
export class RevocationAndCertificates1764520000000 implements MigrationInterface {
  name = 'RevocationAndCertificates1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."permits"
      ADD COLUMN "revoked_at" timestamptz,
      ADD COLUMN "revoked_by" varchar(200),
      ADD COLUMN "revocation_reason" varchar(1000),
      ADD CONSTRAINT "permits_revocation_check" CHECK (("status" = 'REVOKED') = ("revoked_at" IS NOT NULL))`);
    await q.query(`
      CREATE TABLE "${S}"."signing_keys" (
        "key_id" varchar(100) PRIMARY KEY,
        "office_code" char(4) NOT NULL,
        "algorithm" varchar(20) NOT NULL,
        "public_key" text NOT NULL,
        "private_key" text NOT NULL,
        "private_key_encrypted" boolean NOT NULL,
        "created_at" timestamptz NOT NULL,
        "retired_at" timestamptz
      )`);
    // One key in use per office; retired keys stay to verify what they signed.
    await q.query(`CREATE UNIQUE INDEX "signing_keys_office_active_uq" ON "${S}"."signing_keys" ("office_code") WHERE "retired_at" IS NULL`);
    await q.query(`
      CREATE TABLE "${S}"."certificates" (
        "id" uuid PRIMARY KEY,
        "permit_id" uuid NOT NULL REFERENCES "${S}"."permits" ("id"),
        "permit_number" varchar(60) NOT NULL,
        "permit_type" varchar(30) NOT NULL,
        "version" integer NOT NULL CHECK ("version" >= 1),
        "office_code" char(4) NOT NULL,
        "content" jsonb NOT NULL,
        "signed_data" text NOT NULL,
        "pdf" bytea NOT NULL,
        "sha256" char(64) NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        "signature_status" varchar(10) NOT NULL CHECK ("signature_status" IN ('SIGNED','PENDING')),
        "signature_algorithm" varchar(40) NOT NULL,
        "signature_key_id" varchar(100),
        "signature" text,
        "created_at" timestamptz NOT NULL,
        UNIQUE ("permit_number", "version")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."certificates"`);
    await q.query(`DROP TABLE "${S}"."signing_keys"`);
    await q.query(`ALTER TABLE "${S}"."permits" DROP CONSTRAINT "permits_revocation_check",
      DROP COLUMN "revocation_reason", DROP COLUMN "revoked_by", DROP COLUMN "revoked_at"`);
  }
}
