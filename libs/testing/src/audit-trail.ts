import { Client } from 'pg';
import { migrateAs, ServiceDatabaseOptions } from '@mpp/persistence';
import { bootstrapDatabase, recreateDatabase, superuserClient } from './database';
import { migrationDatabaseUrl, ownerRoleOf, serviceDatabaseUrl, ServiceRole, TEST_DATABASES } from './env';

/** What the check needs of libs/audit's verifier (`verifyAuditChain`), handed in by the service's test. */
export type AuditChainVerifier = (
  query: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>,
  schema: string,
) => Promise<{ rows: number; broken: { id: string; reason: string } | null }>;

export interface AuditTrailCheckOptions {
  /** The service's migration that hash-chains the audit table (rows written before it get chained by it). */
  chainMigration: Function; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  verifyChain: AuditChainVerifier;
}

/**
 * Defines the tests that a service's audit trail holds against the service itself, on the real PostgreSQL
 * with the service's own migrations (run as the schema's owner role) in a database of its own:
 * - audit rows written before the hash chain existed are chained by its migration;
 * - the runtime role may INSERT and SELECT the audit table, and concurrent writers still form one chain;
 * - the runtime role cannot UPDATE, DELETE, TRUNCATE or ALTER it, disable or drop its triggers, replace
 *   their functions, drop it, grant itself more, create anything in the schema or become the owner;
 * - it keeps SELECT, INSERT, UPDATE and DELETE (not TRUNCATE) on every other table of the schema;
 * - a row changed, or removed from the middle, by someone with more rights (the superuser here) is found
 *   by the chain's verifier.
 */
export function describeAuditTrailHolds(
  database: Omit<ServiceDatabaseOptions, 'url'>,
  role: ServiceRole,
  { chainMigration, verifyChain }: AuditTrailCheckOptions,
): void {
  const { schema } = database;
  const databaseName = `${TEST_DATABASES.integration}_${schema}_audit`;
  const table = `"${schema}"."audit_log"`;
  let runtime: Client;
  let admin: Client;

  const connectRuntime = async () => {
    const client = new Client({ connectionString: serviceDatabaseUrl(role, databaseName) });
    await client.connect();
    return client;
  };
  const insert = (client: Client, name: string, extra = '') =>
    client.query(
      `INSERT INTO ${table} ("actor_kind", "actor_id", "action", "subject_type", "subject_id", "office_code", "details"${extra ? ', "prev_hash", "hash"' : ''})
       VALUES ('system', 'audit-check', $1, 'check', $2, '3373', $3${extra ? `, ${extra}` : ''})`,
      [`check.${name}`, `s-${name}`, JSON.stringify({ name, nested: { b: [1, 2.5, null], a: 'é "quoted" | 3:x' } })],
    );
  const verify = () => verifyChain(async (sql, params) => (await admin.query(sql, params)).rows, schema);
  /** As the superuser: what someone with the owner's rights could do (the triggers switched off around it). */
  const tamper = async (sql: string) => {
    await admin.query('BEGIN');
    try {
      await admin.query(`ALTER TABLE ${table} DISABLE TRIGGER "audit_log_no_update_delete"`);
      await admin.query(sql);
      await admin.query(`ALTER TABLE ${table} ENABLE TRIGGER "audit_log_no_update_delete"`);
      await admin.query('COMMIT');
    } catch (err) {
      await admin.query('ROLLBACK');
      throw err;
    }
  };
  const idAt = async (offset: number): Promise<string> =>
    String((await admin.query(`SELECT "id" FROM ${table} ORDER BY "id" OFFSET $1 LIMIT 1`, [offset])).rows[0].id);

  describe(`the audit trail of ${schema}, against its runtime role ${role}`, () => {
    beforeAll(async () => {
      await recreateDatabase(databaseName);
      const chainAt = database.migrations.indexOf(chainMigration);
      expect(chainAt).toBeGreaterThan(0);
      const ownerUrl = migrationDatabaseUrl(role, databaseName);
      await migrateAs({ ...database, migrations: database.migrations.slice(0, chainAt) }, ownerUrl);
      admin = await superuserClient(databaseName);
      runtime = await connectRuntime();
      for (const name of ['before-1', 'before-2', 'before-3']) await insert(runtime, name);
      await migrateAs(database, ownerUrl);
    });

    afterAll(async () => {
      await runtime?.end();
      await admin?.end();
    });

    it('chains the rows written before the chain existed', async () => {
      expect(await verify()).toEqual({ rows: 3, broken: null, head: expect.anything(), schema });
      const { rows } = await admin.query(`SELECT "prev_hash" FROM ${table} ORDER BY "id" LIMIT 1`);
      expect(rows[0].prev_hash).toBe('0'.repeat(64));
    });

    it('lets the runtime role INSERT and SELECT, and chains concurrent writers into one chain', async () => {
      const writers = await Promise.all(Array.from({ length: 8 }, connectRuntime));
      try {
        await Promise.all(
          writers.map(async (client, i) => {
            await client.query('BEGIN');
            await insert(client, `writer-${i}-a`);
            await new Promise((resolve) => setTimeout(resolve, 5));
            await insert(client, `writer-${i}-b`);
            await client.query('COMMIT');
          }),
        );
      } finally {
        await Promise.all(writers.map((c) => c.end()));
      }
      // A rolled-back writer leaves a gap in the ids, not in the chain; a forged hash is replaced.
      await runtime.query('BEGIN');
      await insert(runtime, 'rolled-back');
      await runtime.query('ROLLBACK');
      await insert(runtime, 'forged', `'${'f'.repeat(64)}', '${'f'.repeat(64)}'`);
      const { rows } = await runtime.query(`SELECT count(*)::int AS "n", count(*) FILTER (WHERE "hash" = $1)::int AS "forged" FROM ${table}`, ['f'.repeat(64)]);
      expect(rows[0]).toEqual({ n: 3 + 16 + 1, forged: 0 });
      expect(await verify()).toMatchObject({ rows: 20, broken: null });
    });

    const owner = ownerRoleOf(role);
    it.each([
      ['UPDATE a row', `UPDATE ${table} SET "action" = 'tampered'`],
      ['DELETE a row', `DELETE FROM ${table}`],
      ['TRUNCATE the table', `TRUNCATE ${table}`],
      ['ALTER the table', `ALTER TABLE ${table} ADD COLUMN "note" text`],
      ['disable the append-only trigger', `ALTER TABLE ${table} DISABLE TRIGGER "audit_log_no_update_delete"`],
      ['disable every trigger', `ALTER TABLE ${table} DISABLE TRIGGER ALL`],
      ['DROP the append-only trigger', `DROP TRIGGER "audit_log_no_update_delete" ON ${table}`],
      ['DROP the chain trigger', `DROP TRIGGER "audit_log_chain" ON ${table}`],
      ['replace the chain function', `CREATE OR REPLACE FUNCTION "${schema}"."audit_log_chain"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`],
      ['DROP the append-only function', `DROP FUNCTION "${schema}"."audit_log_is_append_only"() CASCADE`],
      ['DROP the table', `DROP TABLE ${table}`],
      ['take over the table', `ALTER TABLE ${table} OWNER TO ${role}`],
      ['CREATE a table in the schema', `CREATE TABLE "${schema}"."shadow" ("id" int)`],
      ['become the owner role', `SET ROLE ${owner}`],
      ["change the owner's default privileges", `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA "${schema}" GRANT ALL ON TABLES TO ${role}`],
      ['read the migrations table', `SELECT * FROM "${schema}"."${schema}_migrations"`],
      ['reset the id sequence', `SELECT setval('"${schema}"."audit_log_id_seq"', 1)`],
    ])('refuses the runtime role: %s', async (_what, sql) => {
      await expect(runtime.query(sql)).rejects.toThrow(/permission denied|must be owner|must be member/);
    });

    it('refuses the runtime role more privileges on the audit table, even granted by itself', async () => {
      await runtime.query(`GRANT ALL ON ${table} TO ${role}`).catch(() => undefined); // at most a warning: nothing granted
      const { rows } = await admin.query(
        `SELECT privilege, has_table_privilege($1, $2, privilege) AS "held"
           FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS privilege`,
        [role, `${schema}.audit_log`],
      );
      expect(Object.fromEntries(rows.map((r) => [r.privilege, r.held]))).toEqual({
        SELECT: true,
        INSERT: true,
        UPDATE: false,
        DELETE: false,
        TRUNCATE: false,
        REFERENCES: false,
        TRIGGER: false,
      });
      await expect(runtime.query(`UPDATE ${table} SET "action" = 'tampered'`)).rejects.toThrow(/permission denied/);
    });

    it("keeps the runtime role's rights on the rows of every other table, and no more", async () => {
      const { rows } = await runtime.query(
        `SELECT c.relname AS "table", has_table_privilege(c.oid, 'SELECT') AS "select", has_table_privilege(c.oid, 'INSERT') AS "insert",
                has_table_privilege(c.oid, 'UPDATE') AS "update", has_table_privilege(c.oid, 'DELETE') AS "delete",
                has_table_privilege(c.oid, 'TRUNCATE') AS "truncate", pg_get_userbyid(c.relowner) AS "owner"
           FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' AND c.relname NOT IN ('audit_log', $2)`,
        [schema, `${schema}_migrations`],
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const r of rows) expect(r).toEqual({ table: r.table, select: true, insert: true, update: true, delete: true, truncate: false, owner });
    });

    it("finds a row changed by someone with the owner's rights, even with its own hash recomputed", async () => {
      const [changed, next] = [await idAt(5), await idAt(6)];
      const { rows } = await admin.query(`SELECT "details"::text AS "details" FROM ${table} WHERE "id" = $1`, [changed]);
      await tamper(`UPDATE ${table} SET "details" = '{"name": "forged"}' WHERE "id" = ${changed}`);
      expect(await verify()).toMatchObject({ rows: 6, broken: { id: changed, reason: 'content' } });

      const rehash = `UPDATE ${table} t SET "hash" = encode(sha256(convert_to(t."prev_hash" || '|' || "${schema}"."audit_log_canonical"(t), 'UTF8')), 'hex') WHERE "id" = ${changed}`;
      await tamper(rehash);
      expect(await verify()).toMatchObject({ rows: 7, broken: { id: next, reason: 'link' } });

      await tamper(`UPDATE ${table} SET "details" = '${rows[0].details.replace(/'/g, "''")}' WHERE "id" = ${changed}`);
      await tamper(rehash);
      expect(await verify()).toMatchObject({ rows: 20, broken: null });
    });

    it('finds a row removed from the middle', async () => {
      const [removed, next] = [await idAt(9), await idAt(10)];
      await tamper(`DELETE FROM ${table} WHERE "id" = ${removed}`);
      expect(await verify()).toMatchObject({ rows: 10, broken: { id: next, reason: 'link' } });
    });
  });
}

/**
 * A database made before the owner roles existed (the runtime role owned the schema and its tables, and
 * ran the migrations) is taken over by deploy/postgres/bootstrap.sh and the chain migration: afterwards the
 * owner role owns everything, the runtime role has rows only, and the audit rows already there are chained.
 */
export async function checkUpgradeOfRuntimeOwnedDatabase(
  database: Omit<ServiceDatabaseOptions, 'url'>,
  role: ServiceRole,
  { chainMigration, verifyChain }: AuditTrailCheckOptions,
): Promise<void> {
  const { schema } = database;
  const databaseName = `${TEST_DATABASES.integration}_${schema}_upgrade`;
  await recreateDatabase(databaseName);
  const admin = await superuserClient(databaseName);
  let runtime: Client | undefined;
  try {
    // The state bootstrap.sql used to leave: the runtime role owns its schema.
    await admin.query(`ALTER SCHEMA "${schema}" OWNER TO ${role}`);
    const chainAt = database.migrations.indexOf(chainMigration);
    await migrateAs({ ...database, migrations: database.migrations.slice(0, chainAt) }, serviceDatabaseUrl(role, databaseName));
    runtime = new Client({ connectionString: serviceDatabaseUrl(role, databaseName) });
    await runtime.connect();
    for (const name of ['old-1', 'old-2']) {
      await runtime.query(
        `INSERT INTO "${schema}"."audit_log" ("actor_kind", "actor_id", "action", "subject_type", "subject_id") VALUES ('system', 'old', $1, 'check', $1)`,
        [name],
      );
    }
    const owned = async () =>
      (
        await admin.query(
          `SELECT DISTINCT pg_get_userbyid(relowner) AS "owner" FROM pg_class WHERE relnamespace = $1::text::regnamespace
           UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1::text`,
          [schema],
        )
      ).rows.map((r) => r.owner);
    expect(await owned()).toEqual([role]);

    bootstrapDatabase(databaseName);
    await migrateAs(database, migrationDatabaseUrl(role, databaseName));

    expect(await owned()).toEqual([ownerRoleOf(role)]);
    expect(await verifyChain(async (sql, params) => (await admin.query(sql, params)).rows, schema)).toMatchObject({ rows: 2, broken: null });
    await expect(runtime.query(`ALTER TABLE "${schema}"."audit_log" DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    await expect(runtime.query(`UPDATE "${schema}"."audit_log" SET "action" = 'tampered'`)).rejects.toThrow(/permission denied/);
    await expect(runtime.query(`CREATE TABLE "${schema}"."shadow" ("id" int)`)).rejects.toThrow(/permission denied/);
    await runtime.query(`INSERT INTO "${schema}"."audit_log" ("actor_kind", "actor_id", "action", "subject_type", "subject_id") VALUES ('system', 'new', 'new', 'check', 'new')`);
    await runtime.query(`SELECT count(*) FROM "${schema}"."outbox"`);
    expect(await verifyChain(async (sql, params) => (await admin.query(sql, params)).rows, schema)).toMatchObject({ rows: 3, broken: null });
  } finally {
    await runtime?.end();
    await admin.end();
  }
}
