import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

/**
 * Tracking codes at rest: the stored hash becomes `hmac-sha256:<pepper id>:<hex>` (longer column; hashes
 * from before keep working and are keyed again at their next use), and idempotency keys belong to their
 * caller (`scope`). Stored idempotency answers from before held the tracking code in clear: they are
 * deleted (they live 24 hours; a retry with such a key is then taken as a new submission).
 */
export class TrackingCodeSecrets1764900000000 implements MigrationInterface {
  name = 'TrackingCodeSecrets1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."applications" ALTER COLUMN "tracking_code_hash" TYPE varchar(100)`);
    await q.query(`DELETE FROM "${S}"."idempotency_keys"`);
    await q.query(`ALTER TABLE "${S}"."idempotency_keys" DROP CONSTRAINT "idempotency_keys_pkey"`);
    await q.query(`ALTER TABLE "${S}"."idempotency_keys" ADD COLUMN "scope" varchar(120) NOT NULL`);
    await q.query(`ALTER TABLE "${S}"."idempotency_keys" ADD CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("scope", "key")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "${S}"."idempotency_keys"`);
    await q.query(`ALTER TABLE "${S}"."idempotency_keys" DROP CONSTRAINT "idempotency_keys_pkey"`);
    await q.query(`ALTER TABLE "${S}"."idempotency_keys" DROP COLUMN "scope"`);
    await q.query(`ALTER TABLE "${S}"."idempotency_keys" ADD CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("key")`);
    // Keyed hashes do not fit the old column; no code can be recovered from them, so they are refused here.
    await q.query(`ALTER TABLE "${S}"."applications" ALTER COLUMN "tracking_code_hash" TYPE char(64)`);
  }
}
