import { EntityManager, QueryRunner } from 'typeorm';

/**
 * The append-only audit table of a service, in its schema: who (officer or system, role, office), what
 * (action on a subject), when (UTC), from where (client address) and the correlation id, hash-chained.
 * Its creator (the schema's owner role) loses UPDATE, DELETE and TRUNCATE on it, a trigger refuses them
 * for everyone else too, and the service's runtime role is granted only INSERT and SELECT.
 *
 * For the tests of this library: each service's migrations carry their own frozen copy (a migration never
 * calls code that may change), so a change here is a new migration in every service.
 */
export async function createAuditTable(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`
    CREATE TABLE "${schema}"."audit_log" (
      "id" bigserial PRIMARY KEY,
      "at" timestamptz NOT NULL DEFAULT now(),
      "office_code" char(4),
      "actor_kind" varchar(20) NOT NULL CHECK ("actor_kind" IN ('officer','applicant','system')),
      "actor_id" varchar(200) NOT NULL,
      "actor_role" varchar(100),
      "action" varchar(100) NOT NULL,
      "subject_type" varchar(50) NOT NULL,
      "subject_id" varchar(100) NOT NULL,
      "source_ip" varchar(64),
      "correlation_id" varchar(200),
      "details" jsonb NOT NULL DEFAULT '{}'::jsonb
    )`);
  await runner.query(`CREATE INDEX "audit_log_office_at_idx" ON "${schema}"."audit_log" ("office_code", "at")`);
  await runner.query(`CREATE INDEX "audit_log_subject_idx" ON "${schema}"."audit_log" ("subject_id")`);
  await runner.query(`
    CREATE FUNCTION "${schema}"."audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await runner.query(`
    CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "${schema}"."audit_log"
    FOR EACH ROW EXECUTE FUNCTION "${schema}"."audit_log_is_append_only"()`);
  await runner.query(`
    CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "${schema}"."audit_log"
    FOR EACH STATEMENT EXECUTE FUNCTION "${schema}"."audit_log_is_append_only"()`);
  await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "${schema}"."audit_log" FROM CURRENT_USER`);
  await addAuditHashChain(runner, schema);
}

/**
 * The hash chain (see `audit-chain.ts`): `prev_hash` and `hash` on every row, filled by a BEFORE INSERT
 * trigger under a transaction-scoped advisory lock per schema, which also assigns the id (id order is
 * chain order). As the services' migration `AuditHashChain1765200000000` made it, for an empty table.
 */
async function addAuditHashChain(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`ALTER TABLE "${schema}"."audit_log" ADD COLUMN "prev_hash" char(64) NOT NULL, ADD COLUMN "hash" char(64) NOT NULL`);
  await runner.query(`ALTER TABLE "${schema}"."audit_log" ALTER COLUMN "id" DROP DEFAULT`);
  await runner.query(`
    CREATE FUNCTION "${schema}"."audit_log_canonical"(r "${schema}"."audit_log") RETURNS text LANGUAGE sql STABLE AS $$
      SELECT string_agg(CASE WHEN v IS NULL THEN '~' ELSE octet_length(v)::text || ':' || v END, '|' ORDER BY n)
        FROM unnest(ARRAY[
          r."id"::text,
          to_char(r."at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          r."office_code"::text, r."actor_kind"::text, r."actor_id"::text, r."actor_role"::text, r."action"::text,
          r."subject_type"::text, r."subject_id"::text, r."source_ip"::text, r."correlation_id"::text, r."details"::text
        ]) WITH ORDINALITY AS f(v, n)
    $$`);
  await runner.query(`
    CREATE FUNCTION "${schema}"."audit_log_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE previous char(64);
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('audit_log_chain:${schema}'));
      NEW."id" := nextval('"${schema}"."audit_log_id_seq"');
      SELECT "hash" INTO previous FROM "${schema}"."audit_log" ORDER BY "id" DESC LIMIT 1;
      NEW."prev_hash" := coalesce(previous, repeat('0', 64));
      NEW."hash" := encode(sha256(convert_to(NEW."prev_hash" || '|' || "${schema}"."audit_log_canonical"(NEW), 'UTF8')), 'hex');
      RETURN NEW;
    END $$`);
  await runner.query(`
    CREATE TRIGGER "audit_log_chain" BEFORE INSERT ON "${schema}"."audit_log"
    FOR EACH ROW EXECUTE FUNCTION "${schema}"."audit_log_chain"()`);
}

/**
 * Takes the schema's audit-chain lock now, for the rest of the transaction: the same advisory lock that the
 * chain's trigger takes on every insert (`audit_log_chain:<schema>`, re-entrant within a transaction). A
 * transaction that will audit several changes takes it first, so that it never holds rows while waiting
 * for the chain (the order every single-change transaction follows: rows, then the chain).
 */
export async function lockAuditChain(manager: EntityManager, schema: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`audit_log_chain:${schema}`]);
}
