import { createHash } from 'node:crypto';

/**
 * The hash chain of a service's audit table, checked from outside the database.
 *
 * Each row holds `prev_hash` (the `hash` of the row before it in id order; 64 zeros for the first) and
 * `hash` = SHA-256 (hex) of `prev_hash + '|' + canonical content`. The database computes both at insert
 * (the `audit_log_chain` trigger of each service's migrations); this module rebuilds the canonical content
 * on its own from the columns and walks the chain, so neither a changed row nor a removed one goes unseen
 * (short of someone recomputing every hash after it; compare the head hash with one noted earlier).
 */

export const GENESIS_HASH = '0'.repeat(64);

/** One audit row with each column as the database renders it as text (see `AUDIT_CHAIN_COLUMNS`). */
export interface AuditChainRow {
  id: string;
  at: string;
  office_code: string | null;
  actor_kind: string | null;
  actor_id: string | null;
  actor_role: string | null;
  action: string | null;
  subject_type: string | null;
  subject_id: string | null;
  source_ip: string | null;
  correlation_id: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

/** The columns as text, in the order the canonical content lists them. */
const CONTENT = ['id', 'at', 'office_code', 'actor_kind', 'actor_id', 'actor_role', 'action', 'subject_type', 'subject_id', 'source_ip', 'correlation_id', 'details'] as const;

const AUDIT_CHAIN_COLUMNS = `"id"::text AS "id", to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "at",
  "office_code"::text AS "office_code", "actor_kind", "actor_id", "actor_role", "action", "subject_type", "subject_id",
  "source_ip", "correlation_id", "details"::text AS "details", "prev_hash", "hash"`;

/** `<byte length>:<text>` per column (`~` for NULL), joined with `|`: unambiguous whatever the text holds. */
export function canonicalAuditContent(row: AuditChainRow): string {
  return CONTENT.map((column) => {
    const value = row[column];
    return value === null || value === undefined ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
  }).join('|');
}

export function auditRowHash(prevHash: string, row: AuditChainRow): string {
  return createHash('sha256').update(`${prevHash}|${canonicalAuditContent(row)}`, 'utf8').digest('hex');
}

export type AuditChainBreak =
  /** The row's prev_hash is not the hash of the row before it: a row was removed, inserted or reordered. */
  | { id: string; reason: 'link'; expectedPrevHash: string; storedPrevHash: string }
  /** The row's content no longer gives its stored hash: the row was changed. */
  | { id: string; reason: 'content'; expectedHash: string; storedHash: string }
  /**
   * A head noted earlier (id and hash) is gone or has another hash now, though the chain holds in itself:
   * the chain was rewritten from that row or one before it (or the row was removed).
   */
  | { id: string; reason: 'noted-head'; expectedHash: string; storedHash: string | null };

export interface AuditChainReport {
  schema: string;
  /** Rows checked (up to and including the first broken one). */
  rows: number;
  /** The last row's id and hash when the whole chain holds: note it to detect a rewrite later. */
  head: { id: string; hash: string } | null;
  broken: AuditChainBreak | null;
}

/** Runs a query and returns its rows (TypeORM's `DataSource.query`, or `pg`'s `(await client.query()).rows`). */
export type RowQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Walks the chain of `<schema>.audit_log` in id order, in pages, and stops at the first broken row. `noted`
 * heads (row id → hash, from earlier runs) must still be there with the same hash.
 */
export async function verifyAuditChain(query: RowQuery, schema: string, pageSize = 1000, noted: ReadonlyMap<string, string> = new Map()): Promise<AuditChainReport> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  let previous = GENESIS_HASH;
  let after = '-9223372036854775808';
  let rows = 0;
  let head: AuditChainReport['head'] = null;
  const found = new Set<string>();
  for (;;) {
    const page = (await query(
      `SELECT ${AUDIT_CHAIN_COLUMNS} FROM "${schema}"."audit_log"
        WHERE "audit_log"."id" > $1::bigint ORDER BY "audit_log"."id" LIMIT $2`,
      [after, pageSize],
    )) as unknown as AuditChainRow[];
    for (const row of page) {
      rows++;
      const storedPrev = row.prev_hash?.trim() ?? '';
      const stored = row.hash?.trim() ?? '';
      if (storedPrev !== previous) {
        return { schema, rows, head: null, broken: { id: row.id, reason: 'link', expectedPrevHash: previous, storedPrevHash: storedPrev } };
      }
      const expected = auditRowHash(storedPrev, row);
      if (expected !== stored) {
        return { schema, rows, head: null, broken: { id: row.id, reason: 'content', expectedHash: expected, storedHash: stored } };
      }
      const notedHash = noted.get(row.id);
      if (notedHash !== undefined) {
        if (notedHash !== stored) return { schema, rows, head: null, broken: { id: row.id, reason: 'noted-head', expectedHash: notedHash, storedHash: stored } };
        found.add(row.id);
      }
      previous = stored;
      head = { id: row.id, hash: stored };
    }
    if (page.length < pageSize) {
      const missing = [...noted.keys()].find((id) => !found.has(id));
      if (missing !== undefined) return { schema, rows, head: null, broken: { id: missing, reason: 'noted-head', expectedHash: noted.get(missing) ?? '', storedHash: null } };
      return { schema, rows, head, broken: null };
    }
    after = page[page.length - 1].id;
  }
}

/** One line for an operator: what holds, or the first broken row and why. */
export function describeAuditChain(report: AuditChainReport): string {
  const { schema, broken, head, rows } = report;
  if (!broken) return head ? `${schema}.audit_log: chain intact, ${rows} row(s), head id ${head.id} hash ${head.hash}` : `${schema}.audit_log: empty`;
  switch (broken.reason) {
    case 'link':
      return `${schema}.audit_log: chain BROKEN at id ${broken.id}: its prev_hash ${broken.storedPrevHash} is not the hash of the row before it (${broken.expectedPrevHash}): a row before it was removed or inserted`;
    case 'content':
      return `${schema}.audit_log: chain BROKEN at id ${broken.id}: its content no longer gives its hash (stored ${broken.storedHash}, computed ${broken.expectedHash}): the row was changed`;
    case 'noted-head':
      return broken.storedHash === null
        ? `${schema}.audit_log: chain REWRITTEN: the noted head id ${broken.id} is gone: rows were removed and the chain recomputed`
        : `${schema}.audit_log: chain REWRITTEN: the noted head id ${broken.id} had hash ${broken.expectedHash}, now ${broken.storedHash}: the chain was recomputed from that row or one before it`;
  }
}
