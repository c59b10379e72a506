#!/usr/bin/env node
// What the audit hash chain costs: one-row audit transactions per second into a hash-chained audit table
// (libs/audit's createAuditTable, as the services' migrations make it: trigger, advisory lock per schema)
// and into a plain copy without the trigger, from 1 and from several connections at once.
//
//   npx nx build application-intake && node bench/audit-chain.mjs [--transactions 2000] [--connections 8] [--database mpp_bench]
//
// Connects as the superuser (PGUSER, default postgres) to 127.0.0.1:5432 (PGHOST/PGPORT); creates the
// database if missing and a schema `audit_bench` in it, dropped again at the end. Bounded: the given number
// of transactions per run, loopback only.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { createAuditTable } = require(path.join(root, 'dist/services/application-intake/libs/audit/src/schema.js'));

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const transactions = Number(args.transactions ?? 2000);
const connections = Number(args.connections ?? 8);
const database = args.database ?? 'mpp_bench';
const server = `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? 5432}`;
const S = 'audit_bench';

const admin = new Client({ connectionString: `${server}/postgres` });
await admin.connect();
if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
await admin.end();

const setup = new Client({ connectionString: `${server}/${database}` });
await setup.connect();
await setup.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
await setup.query(`CREATE SCHEMA ${S}`);
await createAuditTable({ query: (sql) => setup.query(sql) }, S);
await setup.query(`CREATE TABLE ${S}.audit_plain (LIKE ${S}.audit_log INCLUDING DEFAULTS)`);
await setup.query(`CREATE SEQUENCE ${S}.audit_plain_seq`);

const columns = `"office_code", "actor_kind", "actor_id", "actor_role", "action", "subject_type", "subject_id", "source_ip", "correlation_id", "details"`;
const values = `'3373', 'officer', 'bench-officer', 'verifier', 'case.approved', 'verification-case', gen_random_uuid()::text, '127.0.0.1', gen_random_uuid()::text, '{"reason": "dokumen lengkap"}'`;
const statements = {
  plain: `INSERT INTO ${S}.audit_plain ("id", ${columns}, "prev_hash", "hash") VALUES (nextval('${S}.audit_plain_seq'), ${values}, '', '')`,
  chained: `INSERT INTO ${S}.audit_log (${columns}) VALUES (${values})`,
};

async function run(table, parallel) {
  const clients = await Promise.all(
    Array.from({ length: parallel }, async () => {
      const c = new Client({ connectionString: `${server}/${database}` });
      await c.connect();
      return c;
    }),
  );
  let left = transactions;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      while (left-- > 0) {
        await c.query('BEGIN');
        await c.query(statements[table]);
        await c.query('COMMIT');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.end()));
  return transactions / seconds;
}

const results = [];
for (const parallel of [1, connections]) {
  for (const table of ['plain', 'chained']) {
    await run(table, parallel); // warm-up run, not counted
    results.push({ table, connections: parallel, perSecond: Math.round(await run(table, parallel)) });
  }
}
const { rows } = await setup.query(`SELECT count(*)::int AS n FROM ${S}.audit_log`);
await setup.query(`DROP SCHEMA ${S} CASCADE`);
await setup.end();

console.log(`${transactions} one-row audit transactions per run; ${rows[0].n} chained rows written`);
for (const r of results) console.log(`${r.table.padEnd(8)} ${String(r.connections).padStart(2)} connection(s): ${r.perSecond} transactions/s`);
for (const parallel of [1, connections]) {
  const [plain, chained] = ['plain', 'chained'].map((t) => results.find((r) => r.table === t && r.connections === parallel).perSecond);
  console.log(`chain cost with ${parallel} connection(s): ${(((plain - chained) / plain) * 100).toFixed(0)}% fewer transactions/s`);
}
