import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notification';

/**
 * The audit trail holds against the service's own runtime role, and tampering shows.
 *
 * Run as the schema's owner role (MIGRATION_DATABASE_URL; deploy/postgres/bootstrap.sql):
 * - every other role keeps only SELECT and INSERT on `audit_log` (the owner's default privileges gave the
 *   runtime role UPDATE and DELETE too), USAGE on its id sequence, and nothing on the migrations table;
 * - every row is hash-chained: `prev_hash` is the hash of the row before (64 zeros for the first) and
 *   `hash` = SHA-256 of `prev_hash || '|' || audit_log_canonical(row)`, hex. A BEFORE INSERT trigger fills
 *   both under a transaction-scoped advisory lock per schema and assigns the id under that lock, so id
 *   order is chain order even for concurrent transactions. Rows already there are chained in id order.
 * The canonical content is each column as text (`at` as UTC ISO-8601 with microseconds, `details` as
 * jsonb text), each written as `<byte length>:<text>` or `~` for NULL, joined with `|`. libs/audit's
 * verifier rebuilds it on its own and walks the chain (`npm run audit-verify`).
 *
 * Frozen: self-contained SQL, as libs/audit defined the chain when this migration was written.
 */
export class AuditHashChain1765300000001 implements MigrationInterface {
  name = 'AuditHashChain1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE g record;
      BEGIN
        FOR g IN
          SELECT DISTINCT c.relname, pg_get_userbyid(a.grantee) AS grantee
            FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
           WHERE c.relnamespace = '"${S}"'::regnamespace
             AND c.relname IN ('audit_log', 'audit_log_id_seq', '${S}_migrations')
             AND a.grantee <> c.relowner AND a.grantee <> 0
        LOOP
          EXECUTE format('REVOKE ALL ON %I.%I FROM %I', '${S}', g.relname, g.grantee);
          IF g.relname = 'audit_log' THEN
            EXECUTE format('GRANT SELECT, INSERT ON %I.%I TO %I', '${S}', g.relname, g.grantee);
          ELSIF g.relname = 'audit_log_id_seq' THEN
            EXECUTE format('GRANT USAGE ON SEQUENCE %I.%I TO %I', '${S}', g.relname, g.grantee);
          END IF;
        END LOOP;
      END $$`);

    await q.query(`ALTER TABLE "${S}"."audit_log" ADD COLUMN "prev_hash" char(64), ADD COLUMN "hash" char(64)`);
    await q.query(`
      CREATE FUNCTION "${S}"."audit_log_canonical"(r "${S}"."audit_log") RETURNS text LANGUAGE sql STABLE AS $$
        SELECT string_agg(CASE WHEN v IS NULL THEN '~' ELSE octet_length(v)::text || ':' || v END, '|' ORDER BY n)
          FROM unnest(ARRAY[
            r."id"::text,
            to_char(r."at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            r."office_code"::text, r."actor_kind"::text, r."actor_id"::text, r."actor_role"::text, r."action"::text,
            r."subject_type"::text, r."subject_id"::text, r."source_ip"::text, r."correlation_id"::text, r."details"::text
          ]) WITH ORDINALITY AS f(v, n)
      $$`);

    // Rows already there, in id order. The owner lost UPDATE on the table when it was created (and the
    // append-only trigger refuses it): both come back for this transaction only.
    await q.query(`GRANT UPDATE ON "${S}"."audit_log" TO CURRENT_USER`);
    await q.query(`ALTER TABLE "${S}"."audit_log" DISABLE TRIGGER "audit_log_no_update_delete"`);
    await q.query(`
      DO $$
      DECLARE
        r "${S}"."audit_log"%ROWTYPE;
        previous char(64) := repeat('0', 64);
        current_hash char(64);
      BEGIN
        FOR r IN SELECT * FROM "${S}"."audit_log" ORDER BY "id" LOOP
          current_hash := encode(sha256(convert_to(previous || '|' || "${S}"."audit_log_canonical"(r), 'UTF8')), 'hex');
          UPDATE "${S}"."audit_log" SET "prev_hash" = previous, "hash" = current_hash WHERE "id" = r."id";
          previous := current_hash;
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE "${S}"."audit_log" ENABLE TRIGGER "audit_log_no_update_delete"`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "${S}"."audit_log" FROM CURRENT_USER`);
    await q.query(`ALTER TABLE "${S}"."audit_log" ALTER COLUMN "prev_hash" SET NOT NULL, ALTER COLUMN "hash" SET NOT NULL`);

    await q.query(`ALTER TABLE "${S}"."audit_log" ALTER COLUMN "id" DROP DEFAULT`);
    await q.query(`
      CREATE FUNCTION "${S}"."audit_log_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE previous char(64);
      BEGIN
        -- One writer at a time per schema until commit; the id is taken under the lock.
        PERFORM pg_advisory_xact_lock(hashtext('audit_log_chain:${S}'));
        NEW."id" := nextval('"${S}"."audit_log_id_seq"');
        SELECT "hash" INTO previous FROM "${S}"."audit_log" ORDER BY "id" DESC LIMIT 1;
        NEW."prev_hash" := coalesce(previous, repeat('0', 64));
        NEW."hash" := encode(sha256(convert_to(NEW."prev_hash" || '|' || "${S}"."audit_log_canonical"(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER "audit_log_chain" BEFORE INSERT ON "${S}"."audit_log"
      FOR EACH ROW EXECUTE FUNCTION "${S}"."audit_log_chain"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "audit_log_chain" ON "${S}"."audit_log"`);
    await q.query(`DROP FUNCTION "${S}"."audit_log_chain"()`);
    await q.query(`ALTER TABLE "${S}"."audit_log" ALTER COLUMN "id" SET DEFAULT nextval('"${S}"."audit_log_id_seq"'::regclass)`);
    await q.query(`DROP FUNCTION "${S}"."audit_log_canonical"("${S}"."audit_log")`);
    await q.query(`ALTER TABLE "${S}"."audit_log" DROP COLUMN "prev_hash", DROP COLUMN "hash"`);
  }
}
