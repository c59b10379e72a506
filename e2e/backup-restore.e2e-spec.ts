import { execFile } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { eventually, PG, REPO_ROOT, superuserClient, TEST_DATABASES, TEST_KAFKA_ADMIN, TEST_KAFKA_BROKERS } from '@mpp/testing';
import { application, call, documentsAccepted, Json, RunningPlatform, startPlatform } from './support/platform';

const exec = promisify(execFile);

/** `npm run backup|restore -- <args>` as an operator runs it (PG* variables: the superuser). */
async function npm(script: 'backup' | 'restore', args: string[]): Promise<{ code: number; output: string }> {
  const env = {
    ...process.env,
    PGHOST: PG.host,
    PGPORT: String(PG.port),
    PGUSER: PG.superuser,
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
    KAFKA_SASL_USERNAME: TEST_KAFKA_ADMIN.username,
    KAFKA_SASL_PASSWORD: TEST_KAFKA_ADMIN.password,
  };
  try {
    const { stdout, stderr } = await exec('npm', ['run', '--silent', script, '--', ...args], { cwd: REPO_ROOT, env });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Every row of a table, as JSON text, in a stable order. */
async function rowsOf(pg: Client, table: string): Promise<string[]> {
  const { rows } = await pg.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`);
  return rows.map((r) => r.row);
}

/** What the services' state is made of; outboxes and inboxes are compared by count (the manifest's check). */
const COMPARED_TABLES = [
  'intake.applications',
  'intake.application_timeline',
  'intake.application_permits',
  'intake.application_documents',
  'intake.audit_log',
  'verification.verification_cases',
  'verification.case_documents',
  'verification.audit_log',
  'issuance.permits',
  'issuance.certificates',
  'issuance.signing_keys',
  'issuance.audit_log',
];

/** A privileges column as sorted grants (the owner's implicit ones spelt out): a restore may write the same rights differently. */
const grants = (acl: string, kind: string, owner: string) =>
  `(SELECT array_agg(g ORDER BY g) FROM (SELECT format('%s:%s:%s', a.grantee::regrole, a.privilege_type, a.is_grantable) AS g FROM aclexplode(coalesce(${acl}, acldefault(${kind}, ${owner}))) a) x)`;

/** Ownership and privileges of the schemas' objects, and the audit tables' triggers. */
const CATALOG_QUERIES = [
  `SELECT nspname, nspowner::regrole::text AS owner, ${grants('nspacl', `'n'`, 'nspowner')} AS grants
     FROM pg_namespace WHERE nspname IN ('intake', 'verification', 'issuance', 'notification') ORDER BY 1`,
  `SELECT c.relnamespace::regnamespace::text AS schema, c.relname, c.relkind, c.relowner::regrole::text AS owner,
          ${grants('c.relacl', `CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char"`, 'c.relowner')} AS grants
     FROM pg_class c WHERE c.relnamespace::regnamespace::text IN ('intake', 'verification', 'issuance', 'notification') ORDER BY 1, 2`,
  `SELECT defaclrole::regrole::text AS role, defaclnamespace::regnamespace::text AS schema, defaclobjtype, ${grants('defaclacl', `'r'`, 'defaclrole')} AS grants
     FROM pg_default_acl ORDER BY 1, 2, 3`,
  `SELECT tgrelid::regclass::text AS "table", tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
];

/**
 * `npm run backup` while the platform runs and `npm run restore` into a fresh database: the restored
 * database holds the same applications, permits and audit chains, and the services started on it show
 * the entrepreneurs the same status.
 */
describe('backup and restore', () => {
  const work = path.join(REPO_ROOT, 'tmp', `backup-e2e-${TEST_DATABASES.e2e}`);
  const backupDir = path.join(work, 'backup');
  // The e2e services' document store (DOCUMENT_STORE_DIR's default, relative to the repository): the
  // database also refers to the documents of the test files that ran before this one.
  const sourceStore = path.join(REPO_ROOT, 'tmp', 'documents');
  const restoredStore = path.join(work, 'documents-restored');
  const restored = `${TEST_DATABASES.e2e}_restored`;
  let platform: RunningPlatform | undefined;
  let source: Client;

  beforeAll(async () => {
    rmSync(work, { recursive: true, force: true });
    source = await superuserClient('postgres');
    await source.query(`DROP DATABASE IF EXISTS "${restored}" WITH (FORCE)`);
    await source.end();
    source = await superuserClient(TEST_DATABASES.e2e);
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
    await source?.end();
  });

  it('restores every schema, the documents and the audit chains into a fresh database', async () => {
    const p = platform as RunningPlatform;
    const verifier = await p.token('salatiga.verifier');
    const track = (app: Json) => call(`${p.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
    const statusOf = (app: Json, wanted: string) =>
      eventually<Json>(async () => {
        const r = await track(app);
        return r.body.status === wanted ? r.body : undefined;
      });
    const caseOf = (app: Json) =>
      eventually<Json>(async () => {
        const r = await call(`${p.verification}/api/v1/cases?status=AWAITING_OFFICER`, { token: verifier });
        return r.body.find((c: Json) => c.applicationNumber === app.applicationNumber);
      });
    const action = (id: string, name: string, body?: unknown) => call(`${p.verification}/api/v1/cases/${id}/${name}`, { method: 'POST', token: verifier, body });
    const submit = async (nik: string) => (await call(`${p.intake}/api/v1/applications`, { body: application({ nik, kbli: '86105' }) })).body;

    // Three applications: one issued (documents, permits, certificates), one waiting for a revision, one rejected.
    const [issued, revision, rejected] = await Promise.all([submit('3373011203850901'), submit('3373011203850902'), submit('3373011203850903')]);
    const [issuedCase, revisionCase, rejectedCase] = await Promise.all([issued, revision, rejected].map(caseOf));
    await documentsAccepted(p, issued, issuedCase.id, verifier);
    expect((await action(issuedCase.id, 'approve')).status).toBe(200);
    expect((await action(revisionCase.id, 'request-revision', { reasons: ['Foto tempat usaha tidak terlihat jelas'] })).status).toBe(200);
    expect((await action(rejectedCase.id, 'reject', { reasons: ['Lokasi usaha tidak sesuai KKPR'] })).status).toBe(200);
    const views = await Promise.all([statusOf(issued, 'ISSUED'), statusOf(revision, 'REVISION_REQUESTED'), statusOf(rejected, 'REJECTED')]);
    expect(views[0].permits).toHaveLength(2);

    // The events have settled (nothing published or applied for a moment): the compared tables stay as backed up.
    const settled = async () =>
      (
        await source.query(`SELECT (SELECT count(*) FROM intake.outbox WHERE published_at IS NULL) + (SELECT count(*) FROM verification.outbox WHERE published_at IS NULL)
                               + (SELECT count(*) FROM issuance.outbox WHERE published_at IS NULL) AS pending,
                                 (SELECT count(*) FROM intake.inbox) + (SELECT count(*) FROM verification.inbox) + (SELECT count(*) FROM issuance.inbox) AS applied`)
      ).rows[0];
    await eventually(async () => {
      const before = await settled();
      await new Promise((r) => setTimeout(r, 1000));
      const after = await settled();
      return after.pending === before.pending && after.applied === before.applied ? true : undefined;
    }, 60_000);

    // The backup, online.
    const backedUp = await npm('backup', ['--out', backupDir, '--database', TEST_DATABASES.e2e, '--documents', sourceStore]);
    expect(backedUp).toMatchObject({ code: 0, output: expect.stringMatching(/^backup of .* \d+ document\(s\) copied/m) });
    const manifest = JSON.parse(readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest.schemas.map((s: Json) => `${s.name}:${s.owner}`)).toEqual(
      expect.arrayContaining(['intake:intake_owner', 'verification:verification_owner', 'issuance:issuance_owner', 'notification:notification_owner']),
    );
    expect(manifest.roles).toEqual(expect.arrayContaining(['intake_owner', 'intake_svc', 'issuance_owner', 'issuance_svc']));
    expect(manifest.postgresVersion).toMatch(/^\d+\.\d+/);
    expect(manifest.rowCounts['issuance.permits']).toBeGreaterThanOrEqual(2);
    expect(manifest.documents).toMatchObject({ count: expect.any(Number), copied: true });
    expect(manifest.documents.count).toBeGreaterThanOrEqual(views[0].documents.length);
    expect(manifest.kafkaEndOffsets['mpp.issuance.permit-issued.v1']).toEqual(expect.any(Object));
    for (const file of Object.keys(manifest.files)) expect(manifest.files[file].sha256).toMatch(/^[0-9a-f]{64}$/);
    // The services stop (as for a real restore) while the next two checks run: they touch only the backup and
    // the restored database.
    const stopped = p.stop();
    platform = undefined;

    // A damaged backup is refused before anything is created.
    const damaged = path.join(work, 'damaged');
    cpSync(backupDir, damaged, { recursive: true });
    writeFileSync(path.join(damaged, 'issuance.dump'), Buffer.concat([readFileSync(path.join(damaged, 'issuance.dump')), Buffer.from('x')]));
    const refused = await npm('restore', ['--from', damaged, '--database', restored]);
    expect(refused).toMatchObject({ code: 1, output: expect.stringContaining('issuance.dump in') });
    expect(refused.output).toContain('the backup is damaged');

    // A restore that fails halfway (here: a schema restored twice) leaves nothing behind but the empty database it created.
    const broken = path.join(work, 'broken');
    cpSync(backupDir, broken, { recursive: true });
    const twice = { ...manifest, schemas: [...manifest.schemas, manifest.schemas[0]] };
    writeFileSync(path.join(broken, 'manifest.json'), JSON.stringify(twice));
    const halfway = await npm('restore', ['--from', broken, '--database', restored]);
    expect(halfway).toMatchObject({ code: 1, output: expect.stringContaining('Nothing was restored (one transaction, rolled back)') });
    expect(halfway.output).toContain(`drop it with  dropdb ${restored}`);
    const empty = await superuserClient(restored);
    try {
      expect((await empty.query(`SELECT count(*)::int AS n FROM pg_class WHERE relnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`)).rows[0].n).toBe(0);
    } finally {
      await empty.end();
    }

    await stopped;

    // The restore, into an empty database (the one the failed attempt created; a missing one is created).
    const started = Date.now();
    const result = await npm('restore', ['--from', backupDir, '--database', restored, '--documents', restoredStore]);
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining(`into ${restored}:`) });
    for (const schema of ['intake', 'verification', 'issuance']) expect(result.output).toMatch(new RegExp(`^${schema}\\.audit_log: chain intact`, 'm'));
    console.log(`restore of the test's backup: ${Date.now() - started} ms\n${result.output}`);

    const copy = await superuserClient(restored);
    try {
      for (const table of COMPARED_TABLES) expect({ table, rows: await rowsOf(copy, table) }).toEqual({ table, rows: await rowsOf(source, table) });
      // Owners, grants (the runtime roles' rights, the audit table's INSERT and SELECT only), default privileges
      // and the audit tables' triggers came back with the schemas.
      for (const catalog of CATALOG_QUERIES) expect({ catalog, rows: (await copy.query(catalog)).rows }).toEqual({ catalog, rows: (await source.query(catalog)).rows });
      const { rows: heads } = await copy.query(`SELECT max(id)::text AS id FROM intake.audit_log`);
      expect(manifest.auditHeads.intake.id).toBe(heads[0].id);
    } finally {
      await copy.end();
    }

    // A second restore into the now non-empty database is refused and changes nothing.
    const again = await npm('restore', ['--from', backupDir, '--database', restored]);
    expect(again).toMatchObject({ code: 1, output: expect.stringContaining(`database ${restored} is not empty`) });

    // The services on the restored database show the entrepreneurs the same status and serve the documents.
    platform = await startPlatform({ DOCUMENT_STORE_DIR: restoredStore }, { database: restored });
    const q = platform;
    for (const [i, app] of [issued, revision, rejected].entries()) {
      expect((await call(`${q.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } })).body).toEqual(views[i]);
    }
    const documents = await call(`${q.verification}/api/v1/cases/${issuedCase.id}/documents`, { token: await q.token('salatiga.verifier') });
    const content = await fetch(`${q.verification}/api/v1/cases/${issuedCase.id}/documents/${documents.body[0].id}/content`, {
      headers: { authorization: `Bearer ${await q.token('salatiga.verifier')}` },
    });
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
