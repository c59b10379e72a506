import { createHash } from 'node:crypto';
import { AuditChainRow, auditRowHash, canonicalAuditContent, describeAuditChain, GENESIS_HASH, verifyAuditChain } from './audit-chain';

const row = (id: number, prev: string, overrides: Partial<AuditChainRow> = {}): AuditChainRow => {
  const r: AuditChainRow = {
    id: String(id),
    at: '2026-11-30T01:02:03.456789Z',
    office_code: '3373',
    actor_kind: 'officer',
    actor_id: 'o-1',
    actor_role: null,
    action: 'case.approved',
    subject_type: 'verification-case',
    subject_id: `c-${id}`,
    source_ip: null,
    correlation_id: null,
    details: '{"a": "é"}',
    prev_hash: prev,
    hash: '',
    ...overrides,
  };
  return { ...r, hash: overrides.hash ?? auditRowHash(prev, r) };
};

function chain(n: number): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  for (let i = 1; i <= n; i++) rows.push(row(i, rows.at(-1)?.hash ?? GENESIS_HASH));
  return rows;
}

/** A query function over rows in memory that pages like the SQL one. */
const over = (rows: AuditChainRow[]) => async (_sql: string, [after, limit]: unknown[]) =>
  rows.filter((r) => BigInt(r.id) > BigInt(after as string)).slice(0, Number(limit)) as unknown as Record<string, unknown>[];

describe('audit hash chain', () => {
  it('writes each column as <byte length>:<text>, NULL as ~, so no two contents read alike', () => {
    const r = row(7, GENESIS_HASH);
    expect(canonicalAuditContent(r)).toBe(
      '1:7|27:2026-11-30T01:02:03.456789Z|4:3373|7:officer|3:o-1|~|13:case.approved|17:verification-case|3:c-7|~|~|11:{"a": "é"}',
    );
    expect(canonicalAuditContent({ ...r, actor_role: '' })).not.toBe(canonicalAuditContent(r));
    expect(canonicalAuditContent({ ...r, actor_id: 'o-1|~', actor_role: null })).not.toBe(canonicalAuditContent({ ...r, actor_id: 'o-1', actor_role: '~' }));
    expect(auditRowHash(GENESIS_HASH, r)).toBe(createHash('sha256').update(`${GENESIS_HASH}|${canonicalAuditContent(r)}`).digest('hex'));
  });

  it('holds for an untouched chain, across pages, and reports its head', async () => {
    const rows = chain(7);
    const report = await verifyAuditChain(over(rows), 'intake', 3);
    expect(report).toEqual({ schema: 'intake', rows: 7, head: { id: '7', hash: rows[6].hash }, broken: null });
    expect(describeAuditChain(report)).toMatch(/^intake\.audit_log: chain intact, 7 row\(s\), head id 7 hash [0-9a-f]{64}$/);
    expect(describeAuditChain(await verifyAuditChain(over([]), 'intake'))).toBe('intake.audit_log: empty');
  });

  it('names a changed row', async () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], action: 'case.rejected' };
    const report = await verifyAuditChain(over(rows), 'verification', 2);
    expect(report).toMatchObject({ rows: 3, head: null, broken: { id: '3', reason: 'content' } });
    expect(describeAuditChain(report)).toMatch(/chain BROKEN at id 3: its content no longer gives its hash/);
  });

  it('names the row after a removed one', async () => {
    const rows = chain(5);
    rows.splice(1, 1);
    const report = await verifyAuditChain(over(rows), 'issuance');
    expect(report).toMatchObject({ rows: 2, broken: { id: '3', reason: 'link', expectedPrevHash: rows[0].hash } });
    expect(describeAuditChain(report)).toMatch(/chain BROKEN at id 3: its prev_hash [0-9a-f]{64} is not the hash of the row before it/);
  });

  it('holds a chain against heads noted earlier, and names one that was recomputed or removed', async () => {
    const rows = chain(5);
    const noted = new Map([['3', rows[2].hash]]);
    expect(await verifyAuditChain(over(rows), 'intake', 2, noted)).toMatchObject({ rows: 5, broken: null });

    // Row 2 changed and every hash from it on recomputed: the chain holds in itself, not against the noted head.
    const rewritten = chain(5).map((r) => ({ ...r }));
    rewritten[1] = { ...rewritten[1], action: 'case.rejected' };
    for (let i = 1; i < rewritten.length; i++) {
      rewritten[i].prev_hash = rewritten[i - 1].hash;
      rewritten[i].hash = auditRowHash(rewritten[i].prev_hash, rewritten[i]);
    }
    expect(await verifyAuditChain(over(rewritten), 'intake')).toMatchObject({ rows: 5, broken: null });
    const report = await verifyAuditChain(over(rewritten), 'intake', 1000, noted);
    expect(report).toMatchObject({ rows: 3, broken: { id: '3', reason: 'noted-head', expectedHash: rows[2].hash, storedHash: rewritten[2].hash } });
    expect(describeAuditChain(report)).toMatch(/chain REWRITTEN: the noted head id 3 had hash [0-9a-f]{64}, now [0-9a-f]{64}/);

    // The tail cut off from the noted head on.
    const cut = await verifyAuditChain(over(rows.slice(0, 2)), 'intake', 1000, noted);
    expect(cut).toMatchObject({ rows: 2, broken: { id: '3', reason: 'noted-head', storedHash: null } });
    expect(describeAuditChain(cut)).toMatch(/chain REWRITTEN: the noted head id 3 is gone/);
  });

  it('refuses a schema name it would have to quote', async () => {
    await expect(verifyAuditChain(over([]), 'intake"; DROP')).rejects.toThrow(/not a schema name/);
  });
});
