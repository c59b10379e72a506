import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { superuserClient, superuserDatabaseUrl, TEST_DATABASES } from '@mpp/testing';
import { AuditTrail } from './audit-trail';
import { verifyAuditChain } from './audit-chain';
import { createAuditTable } from './schema';

const DB = TEST_DATABASES.integration;
const SCHEMA = 'audit_it';
const ROLE = `audit_it_${randomUUID().slice(0, 8)}`;

/** The audit table on the real database, owned by a role like a service's: append-only even for its owner. */
describe('audit trail on PostgreSQL', () => {
  let admin: Client;
  let ds: DataSource;

  beforeAll(async () => {
    admin = await superuserClient(DB);
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await admin.query(`CREATE ROLE "${ROLE}" LOGIN PASSWORD 'x'`);
    await admin.query(`CREATE SCHEMA "${SCHEMA}" AUTHORIZATION "${ROLE}"`);
    ds = new DataSource({ type: 'postgres', url: superuserDatabaseUrl(DB).replace(/\/\/[^@]+@/, `//${ROLE}:x@`), schema: SCHEMA });
    await ds.initialize();
    const runner = ds.createQueryRunner();
    await createAuditTable(runner, SCHEMA);
    await runner.release();
  });

  afterAll(async () => {
    await ds?.destroy();
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await admin.query(`DROP ROLE IF EXISTS "${ROLE}"`);
    await admin.end();
  });

  it('records in the caller transaction and finds with filters, newest first', async () => {
    const audit = new AuditTrail(ds);
    const officer = { kind: 'officer' as const, id: 'o-1', role: 'verifier', office: '3373' };
    await ds.transaction(async (m) => {
      await audit.record(m, { action: 'case.approved', subjectType: 'verification-case', subjectId: 'c-1', office: '3373', actor: officer });
      await audit.record(m, { action: 'case.opened', subjectType: 'verification-case', subjectId: 'c-2', office: '7371' });
    });
    await expect(
      ds.transaction(async (m) => {
        await audit.record(m, { action: 'case.approved', subjectType: 'verification-case', subjectId: 'c-3', office: '3373', actor: officer });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    const salatiga = await audit.find({ office: '3373', limit: 10 });
    expect(salatiga.map((r) => r.subject.id)).toEqual(['c-1']);
    expect(salatiga[0]).toMatchObject({ action: 'case.approved', actor: { kind: 'officer', id: 'o-1', role: 'verifier' } });
    expect(await audit.find({ actorId: 'system', limit: 10 })).toHaveLength(1);
    expect(await audit.find({ from: new Date(Date.now() + 60_000), limit: 10 })).toEqual([]);
  });

  it('chains the records it writes, also from concurrent transactions', async () => {
    const audit = new AuditTrail(ds);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        ds.transaction(async (m) => {
          await audit.record(m, { action: 'case.opened', subjectType: 'verification-case', subjectId: `p-${i}`, office: '3373', details: { i, note: 'ünïcode | 5:x' } });
          await audit.record(m, { action: 'case.approved', subjectType: 'verification-case', subjectId: `p-${i}`, office: '3373' });
        }),
      ),
    );
    const report = await verifyAuditChain((sql, params) => ds.query(sql, params), SCHEMA);
    expect(report).toMatchObject({ rows: 14, broken: null, head: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('cannot be changed or emptied by its own role', async () => {
    await expect(ds.query(`UPDATE "${SCHEMA}"."audit_log" SET "action" = 'tampered'`)).rejects.toThrow(/permission denied/);
    await expect(ds.query(`DELETE FROM "${SCHEMA}"."audit_log"`)).rejects.toThrow(/permission denied/);
    await expect(ds.query(`TRUNCATE "${SCHEMA}"."audit_log"`)).rejects.toThrow(/permission denied/);
    // Not even a superuser bypasses the trigger.
    await expect(admin.query(`DELETE FROM "${SCHEMA}"."audit_log"`)).rejects.toThrow(/append-only/);
  });
});
