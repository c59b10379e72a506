#!/usr/bin/env node
// Backup and restore of the platform's database (every service schema) and, optionally, the filesystem
// document store. docs/operations.md ("Backups and restore") is the procedure; in short:
//
//   npm run backup -- --out <dir> [--database mpp] [--documents <DOCUMENT_STORE_DIR>]
//   npm run restore -- --from <dir> --database <new database> [--replace] [--documents <dir>]
//
// PostgreSQL is reached as libpq reaches it (PGHOST, PGPORT, PGUSER, PGPASSWORD; a superuser: the roles'
// password hashes are read from pg_authid), with pg_dump, pg_dumpall, pg_restore and psql on PATH.
//
// Backup: one REPEATABLE READ transaction exports its snapshot; every schema is dumped from that snapshot
// (pg_dump --snapshot, custom format, one file per schema), and the manifest's row counts, audit-chain heads
// and document references are read in the same transaction, so all of it is one moment of the database.
// The platform's roles (owners and runtime roles of the schemas) go to roles.sql. manifest.json, written
// last, lists every file with its SHA-256; a directory without it is not a backup.
//
// Restore: checks the checksums, creates missing roles from roles.sql, creates the database (refusing a
// non-empty one unless --replace), restores every schema in ONE transaction (psql --single-transaction over
// the SQL of pg_restore; a failure leaves the database empty), then verifies the row counts against the
// manifest and the audit hash chains (`npm run audit-verify`, with the manifest's heads as --noted heads,
// so the chain must still end in the very row and hash it had at backup time).
'use strict';
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const REPO_ROOT = path.resolve(__dirname, '..');
const FORMAT = 'mpp-backup/1';

function usage(message) {
  const text = [
    message,
    'usage: backup.js backup --out <dir> [--database <db>] [--documents <dir>]',
    '       backup.js restore --from <dir> --database <db> [--replace] [--documents <dir>]',
    'PostgreSQL from PGHOST, PGPORT, PGUSER (a superuser), PGPASSWORD; Kafka end offsets when KAFKA_BROKERS is set',
    '(with KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD of a login that may describe the topics).',
  ].filter(Boolean);
  const err = new Error(text.join('\n'));
  err.exitCode = 2;
  return err;
}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = { command, flags: new Set() };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--replace') options.flags.add('replace');
    else if (['--out', '--from', '--database', '--documents'].includes(arg) && rest[i + 1] && !rest[i + 1].startsWith('--')) options[arg.slice(2)] = rest[++i];
    else throw usage(`unknown or incomplete argument: ${arg}`);
  }
  return options;
}

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;
const sha256File = (file) =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });

/** Runs a program; resolves with its stdout, rejects with its stderr when it fails. */
function run(program, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${program} ${args.join(' ')} failed (exit ${code}):\n${stderr.trim() || stdout.trim()}`))));
  });
}

async function connect(database) {
  const client = new Client({ database, application_name: 'mpp-backup' });
  await client.connect();
  return client;
}

/** The service schemas: every schema but PostgreSQL's own and `public` (bootstrap.sql: nobody creates objects there). */
async function serviceSchemas(db) {
  const { rows } = await db.query(
    `SELECT n.nspname AS name, pg_get_userbyid(n.nspowner) AS owner
       FROM pg_namespace n
      WHERE n.nspname NOT IN ('public', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY n.nspname`,
  );
  return rows;
}

/** Tables of the schemas with their exact row counts, audit heads and document references (in the caller's snapshot). */
async function describeContents(db, schemas) {
  const names = schemas.map((s) => s.name);
  const { rows: tables } = await db.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1) ORDER BY 1, 2`,
    [names],
  );
  const rowCounts = {};
  for (const t of tables) {
    const { rows } = await db.query(`SELECT count(*)::bigint AS n FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)}`);
    rowCounts[`${t.schema}.${t.name}`] = Number(rows[0].n);
  }
  const auditHeads = {};
  for (const t of tables.filter((t) => t.name === 'audit_log')) {
    const { rows } = await db.query(`SELECT a.id::text AS id, a.hash FROM ${quoteIdent(t.schema)}.audit_log a ORDER BY a.id DESC LIMIT 1`);
    if (rows[0]) auditHeads[t.schema] = rows[0];
  }
  return { rowCounts, auditHeads, documents: await documentReferences(db, names) };
}

/** Every (storage key, SHA-256) a table of the schemas refers to (intake's documents and verification's copies of them). */
async function documentReferences(db, schemaNames) {
  const { rows: holders } = await db.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.columns
      WHERE table_schema = ANY($1) AND column_name IN ('storage_key', 'sha256')
      GROUP BY 1, 2 HAVING count(*) = 2 ORDER BY 1, 2`,
    [schemaNames],
  );
  const documents = new Map();
  for (const h of holders) {
    const { rows } = await db.query(`SELECT DISTINCT storage_key, sha256 FROM ${quoteIdent(h.schema)}.${quoteIdent(h.name)}`);
    for (const r of rows) {
      const known = documents.get(r.storage_key);
      if (known && known !== r.sha256.trim()) throw new Error(`document ${r.storage_key} has two different hashes in the database (${known}, ${r.sha256})`);
      documents.set(r.storage_key, r.sha256.trim());
    }
  }
  return documents;
}

/** The roles that own or use the schemas (bootstrap.sql: <service>_owner and <service>_svc), not PostgreSQL's predefined ones. */
async function platformRoles(db, schemaNames) {
  const { rows } = await db.query(
    `SELECT DISTINCT r.rolname FROM pg_roles r, pg_namespace n
      WHERE n.nspname = ANY($1) AND NOT r.rolsuper AND r.rolname NOT LIKE 'pg\\_%'
        AND (n.nspowner = r.oid OR has_schema_privilege(r.oid, n.oid, 'USAGE'))
      ORDER BY 1`,
    [schemaNames],
  );
  return rows.map((r) => r.rolname);
}

/** The lines of `pg_dumpall --roles-only` that create and configure the given roles. */
function roleStatements(dumpall, roles) {
  const names = new Set(roles);
  return dumpall
    .split('\n')
    .filter((line) => {
      const m = /^(?:CREATE|ALTER) ROLE ("?)([^\s";]+)\1[\s;]/.exec(line);
      return m && names.has(m[2]);
    })
    .join('\n');
}

/** Copies the files the database refers to from a document store directory, checking each against its hash. */
async function copyDocuments(documents, from, to) {
  let bytes = 0;
  const problems = [];
  for (const [key, sha256] of documents) {
    const source = path.join(from, key);
    const target = path.join(to, key);
    if (!fs.existsSync(source)) {
      problems.push(`${key}: missing in ${from}`);
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o750 });
    if (fs.existsSync(target)) {
      if ((await sha256File(target)) !== sha256) problems.push(`${key}: ${target} exists with other content; not overwritten`);
      continue;
    }
    fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
    const actual = await sha256File(target);
    if (actual !== sha256) problems.push(`${key}: its SHA-256 is ${actual}, the database says ${sha256}`);
    bytes += fs.statSync(target).size;
  }
  return { count: documents.size, bytes, problems };
}

/** End offsets of the platform's topics (mpp.*), when KAFKA_BROKERS is set; null otherwise. */
async function kafkaEndOffsets() {
  if (!process.env.KAFKA_BROKERS) return null;
  const { Kafka, logLevel } = require('kafkajs');
  const username = process.env.KAFKA_SASL_USERNAME;
  const password = process.env.KAFKA_SASL_PASSWORD;
  const kafka = new Kafka({
    clientId: 'mpp-backup',
    brokers: process.env.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 2 },
    ...(username && password ? { sasl: { mechanism: 'scram-sha-512', username, password }, ssl: false } : {}),
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = {};
    for (const topic of (await admin.listTopics()).filter((t) => t.startsWith('mpp.')).sort()) {
      offsets[topic] = Object.fromEntries((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    }
    return offsets;
  } finally {
    await admin.disconnect();
  }
}

async function backup(options) {
  if (!options.out) throw usage('--out is required');
  const database = options.database ?? process.env.PGDATABASE ?? 'mpp';
  const out = path.resolve(options.out);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new Error(`${out} is not empty; give a new directory`);
  fs.mkdirSync(out, { recursive: true, mode: 0o700 });
  const started = Date.now();

  const db = await connect(database);
  let manifest;
  try {
    manifest = await dumpAll(db, { database, out, documentsDir: options.documents, started });
  } catch (err) {
    err.message += `\n${out} holds no complete backup (no manifest.json); remove it before trying again`;
    throw err;
  } finally {
    await db.end();
  }
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const rowTotal = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
  console.log(
    `backup of ${database} at ${manifest.takenAt} in ${out}: ${manifest.schemas.length} schema(s), ${rowTotal} row(s), ` +
      `${manifest.documents.count} document(s)${manifest.documents.copied ? ' copied' : ' referenced (not copied: no --documents)'}, ${manifest.durationMs} ms`,
  );
}

/** The dumps, roles, documents and the manifest's contents (the manifest itself is written by the caller, last). */
async function dumpAll(db, { database, out, documentsDir, started }) {
  // Read just before the snapshot (information only: a broker that does not answer does not fail the backup),
  // so every event after the snapshot's moment lies at or after these offsets.
  const kafka = await kafkaEndOffsets().catch((err) => {
    console.warn(`backup: the Kafka end offsets are not in the manifest: ${err.message}`);
    return { error: err.message };
  });
  await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const { rows } = await db.query(
    `SELECT pg_export_snapshot() AS snapshot, now() AS at, current_setting('server_version') AS version,
            pg_current_wal_lsn()::text AS lsn, pg_get_userbyid(datdba) AS owner
       FROM pg_database WHERE datname = current_database()`,
  );
  const { snapshot, at, version, lsn, owner } = rows[0];
  const schemas = await serviceSchemas(db);
  if (schemas.length === 0) throw new Error(`database ${database} has no service schemas`);
  const names = schemas.map((s) => s.name);
  // The dumps join the exported snapshot while this transaction keeps it alive.
  const dumps = Promise.all(
    names.map((schema) =>
      run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--schema=${schema}`, `--file=${path.join(out, `${schema}.dump`)}`, '--dbname', database]),
    ),
  );
  dumps.catch(() => undefined); // awaited below; a failure while the counts run is reported from there
  const contents = await describeContents(db, schemas);
  const roles = await platformRoles(db, names);
  await dumps;
  await db.query('COMMIT');

  fs.writeFileSync(path.join(out, 'roles.sql'), `${roleStatements(await run('pg_dumpall', ['--roles-only']), roles)}\n`, { mode: 0o600 });
  let documents = { count: contents.documents.size, copied: false };
  if (documentsDir) {
    const copied = await copyDocuments(contents.documents, path.resolve(documentsDir), path.join(out, 'documents'));
    if (copied.problems.length) throw new Error(`document store ${documentsDir} does not match the database:\n  ${copied.problems.join('\n  ')}`);
    documents = { count: copied.count, bytes: copied.bytes, copied: true };
  }
  fs.writeFileSync(path.join(out, 'documents.json'), `${JSON.stringify(Object.fromEntries(contents.documents), null, 1)}\n`);

  const files = {};
  for (const file of [...names.map((s) => `${s}.dump`), 'roles.sql', 'documents.json']) {
    files[file] = { sha256: await sha256File(path.join(out, file)), bytes: fs.statSync(path.join(out, file)).size };
  }
  return {
    format: FORMAT,
    takenAt: at.toISOString(),
    database,
    databaseOwner: owner,
    postgresVersion: version,
    pgDumpVersion: (await run('pg_dump', ['--version'])).trim(),
    walLsn: lsn,
    schemas: schemas.map((s) => ({ ...s, file: `${s.name}.dump` })),
    roles,
    files,
    rowCounts: contents.rowCounts,
    auditHeads: contents.auditHeads,
    documents,
    kafkaEndOffsets: kafka,
    durationMs: Date.now() - started,
  };
}

/** The manifest of a backup directory, after checking every file against its checksum. */
async function readBackup(from) {
  const file = path.join(from, 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${from} has no manifest.json: not a complete backup`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (manifest.format !== FORMAT) throw new Error(`${file}: unknown format ${manifest.format}`);
  for (const [name, { sha256 }] of Object.entries(manifest.files)) {
    const actual = fs.existsSync(path.join(from, name)) ? await sha256File(path.join(from, name)) : 'missing';
    if (actual !== sha256) throw new Error(`${name} in ${from} does not match the manifest (SHA-256 ${actual}, manifest ${sha256}): the backup is damaged`);
  }
  return manifest;
}

/** Creates the database, or empties it with --replace; refuses one that holds anything. */
async function prepareDatabase(admin, database, manifest, replace) {
  const { rows: exists } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.length) {
    const target = await connect(database);
    let objects;
    try {
      ({ rows: objects } = await target.query(
        `SELECT n.nspname FROM pg_namespace n
          WHERE n.nspname NOT IN ('public', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
         UNION ALL SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace`,
      ));
    } finally {
      await target.end();
    }
    if (objects.length && !replace) {
      throw new Error(`database ${database} is not empty (${objects.map((o) => o.nspname).join(', ')}); restore into a new database, or add --replace to drop and recreate it`);
    }
    if (objects.length) {
      await admin.query(`DROP DATABASE ${quoteIdent(database)} WITH (FORCE)`);
      console.log(`dropped database ${database} (--replace)`);
    } else return false;
  }
  const { rows: owner } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [manifest.databaseOwner]);
  await admin.query(`CREATE DATABASE ${quoteIdent(database)}${owner.length ? ` OWNER ${quoteIdent(manifest.databaseOwner)}` : ''}`);
  return true;
}

async function restore(options) {
  if (!options.from || !options.database) throw usage('--from and --database are required');
  const from = path.resolve(options.from);
  const database = options.database;
  const started = Date.now();
  const manifest = await readBackup(from);
  const auditVerify = path.join(REPO_ROOT, 'dist/services/application-intake/libs/audit/src/audit-verify.cli.js');
  if (Object.keys(manifest.auditHeads).length && !fs.existsSync(auditVerify)) throw new Error(`${auditVerify} is missing: run \`npm run build\` first (the restore verifies the audit chains with it)`);

  const admin = await connect('postgres');
  let created;
  try {
    // The roles are the cluster's: create the missing ones from the backup, leave existing ones (and their passwords) alone.
    const { rows } = await admin.query('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [manifest.roles]);
    const missing = manifest.roles.filter((r) => !rows.some((x) => x.rolname === r));
    if (missing.length) {
      const sql = roleStatements(fs.readFileSync(path.join(from, 'roles.sql'), 'utf8'), missing);
      await admin.query(`BEGIN; ${sql}; COMMIT;`);
      console.log(`created role(s) ${missing.join(', ')} from roles.sql`);
    }
    created = await prepareDatabase(admin, database, manifest, options.flags.has('replace'));
  } finally {
    await admin.end();
  }

  // pg_restore writes each schema's SQL; psql runs them all in one transaction (ON_ERROR_STOP: ROLLBACK at the first error).
  const work = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mpp-restore-'));
  try {
    const scripts = await Promise.all(
      manifest.schemas.map(async (s) => {
        const file = path.join(work, `${s.name}.sql`);
        await run('pg_restore', ['--exit-on-error', `--file=${file}`, path.join(from, s.file)]);
        return file;
      }),
    );
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', ...scripts.flatMap((f) => ['-f', f]), '--dbname', database]);
  } catch (err) {
    err.message +=
      `\nNothing was restored (one transaction, rolled back). ` +
      (created ? `The restore created database ${database}, which is empty: drop it with  dropdb ${database}  (or restore again with --replace).` : `Database ${database} is as it was.`);
    throw err;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const restoredMs = Date.now() - started;

  const problems = [];
  const db = await connect(database);
  let contents;
  try {
    contents = await describeContents(db, await serviceSchemas(db));
  } finally {
    await db.end();
  }
  for (const [table, n] of Object.entries(manifest.rowCounts)) {
    if (contents.rowCounts[table] !== n) problems.push(`${table}: ${contents.rowCounts[table] ?? 'missing'} row(s), the manifest says ${n}`);
  }
  for (const table of Object.keys(contents.rowCounts).filter((t) => !(t in manifest.rowCounts))) problems.push(`${table}: not in the manifest`);

  const heads = Object.entries(manifest.auditHeads);
  if (heads.length) {
    // libpq's settings as a URL for audit-verify (PGPASSWORD is read from the environment); PGHOST may be a socket directory.
    const user = encodeURIComponent(process.env.PGUSER ?? require('node:os').userInfo().username);
    const host = process.env.PGHOST ?? '127.0.0.1';
    const port = process.env.PGPORT ?? '5432';
    const url = host.startsWith('/')
      ? `postgres://${user}@localhost:${port}/${encodeURIComponent(database)}?host=${encodeURIComponent(host)}`
      : `postgres://${user}@${host}:${port}/${encodeURIComponent(database)}`;
    try {
      const report = await run(
        process.execPath,
        ['-r', path.join(REPO_ROOT, 'scripts/register-paths.js'), auditVerify, ...heads.map(([s]) => s), ...heads.flatMap(([s, h]) => ['--noted', `${s}:${h.id}:${h.hash}`])],
        { env: { ...process.env, DATABASE_URL: url } },
      );
      process.stdout.write(report);
    } catch (err) {
      problems.push(`audit chains: ${err.message}`);
    }
  }

  let documentsNote = '';
  if (options.documents) {
    const copied = await copyDocuments(contents.documents, path.join(from, 'documents'), path.resolve(options.documents));
    problems.push(...copied.problems.map((p) => `document ${p}`));
    documentsNote = `, ${copied.count} document(s) checked in ${options.documents}`;
  }
  if (problems.length) {
    throw new Error(`database ${database} was restored but does NOT match the backup:\n  ${problems.join('\n  ')}\nDo not start services on it; drop it with  dropdb ${database}`);
  }
  const rowTotal = Object.values(contents.rowCounts).reduce((a, b) => a + b, 0);
  console.log(
    `restored ${from} (taken ${manifest.takenAt}) into ${database}: ${manifest.schemas.length} schema(s), ${rowTotal} row(s) as in the manifest, ` +
      `audit chains intact up to the noted heads${documentsNote}; restore ${restoredMs} ms, with checks ${Date.now() - started} ms`,
  );
}

const commands = { backup, restore };
const options = parseArgs(process.argv.slice(2));
Promise.resolve()
  .then(() => {
    if (!commands[options.command]) throw usage(`unknown command: ${options.command ?? '(none)'}`);
    return commands[options.command](options);
  })
  .then(
    () => process.exit(0),
    (err) => {
      console.error(`${options.command ?? 'backup.js'}: ${err.message}`);
      process.exit(err.exitCode ?? 1);
    },
  );
