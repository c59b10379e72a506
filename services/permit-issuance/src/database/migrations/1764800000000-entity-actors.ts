import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'issuance';

/**
 * One NIB per business actor, an individual (by NIK) or a business entity (by its own NPWP): the actor's
 * identity becomes `identity_key` (`NIK:<16 digits>` or `NPWP:<16 digits>`, the NPWP in its 16-digit form
 * "0" + legacy 15), backfilled from the NIK of the existing (individual) actors. `nik` stays as the NIK of the
 * responsible person, no longer unique: one person may act for several entities and hold an NIB of their own.
 */
export class EntityActors1764800000000 implements MigrationInterface {
  name = 'EntityActors1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."business_actors"
      ADD COLUMN "identity_key" varchar(40),
      ADD COLUMN "kind" varchar(10) NOT NULL DEFAULT 'INDIVIDUAL'
        CONSTRAINT "business_actors_kind_check" CHECK ("kind" IN ('INDIVIDUAL', 'ENTITY')),
      ADD COLUMN "entity_name" varchar(200)`);
    await q.query(`UPDATE "${S}"."business_actors" SET "identity_key" = 'NIK:' || "nik"`);
    await q.query(`ALTER TABLE "${S}"."business_actors"
      ALTER COLUMN "identity_key" SET NOT NULL,
      ADD CONSTRAINT "business_actors_identity_key_key" UNIQUE ("identity_key"),
      ADD CONSTRAINT "business_actors_identity_key_check" CHECK (
        ("kind" = 'INDIVIDUAL' AND "identity_key" ~ '^NIK:[0-9]{16}$' AND "entity_name" IS NULL)
        OR ("kind" = 'ENTITY' AND "identity_key" ~ '^NPWP:[0-9]{16}$' AND "entity_name" IS NOT NULL)),
      ALTER COLUMN "nik" DROP NOT NULL,
      DROP CONSTRAINT "business_actors_nik_key"`);
    await q.query(`CREATE INDEX "business_actors_nik_idx" ON "${S}"."business_actors" ("nik")`);
  }

  /** Reverts only while every actor is an individual (entities cannot be keyed by NIK). */
  async down(q: QueryRunner): Promise<void> {
    const entities: { count: string }[] = await q.query(`SELECT count(*) AS "count" FROM "${S}"."business_actors" WHERE "kind" = 'ENTITY'`);
    if (Number(entities[0]?.count ?? 0) > 0) {
      throw new Error('cannot revert EntityActors1764800000000: business entities hold NIBs; they cannot be keyed by NIK');
    }
    await q.query(`DROP INDEX "${S}"."business_actors_nik_idx"`);
    await q.query(`ALTER TABLE "${S}"."business_actors"
      ALTER COLUMN "nik" SET NOT NULL,
      ADD CONSTRAINT "business_actors_nik_key" UNIQUE ("nik"),
      DROP CONSTRAINT "business_actors_identity_key_check",
      DROP CONSTRAINT "business_actors_identity_key_key",
      DROP COLUMN "entity_name",
      DROP COLUMN "kind",
      DROP COLUMN "identity_key"`);
  }
}
