import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { lockAuditChain } from '@mpp/audit';
import { inboxConsumer, inboxKey, InboxRow, insertInbox } from './inbox';

/**
 * Consecutive records of one partition applied in one transaction: one commit (and one wait for the
 * audit chain) for many events instead of one each, which is most of what consuming costs under load.
 *
 * Only the path where every record applies cleanly runs here. The first record that is invalid, or whose
 * handler fails, aborts the batch: it is rolled back whole and its records are applied again one by one,
 * each in its own transaction with the retries and dead-lettering of `EventConsumer` — so a batch never
 * sends a dead letter or a partial effect that a rollback would have to undo. Work that must only happen
 * once the effects are durable (metrics, log lines) is handed to `afterCommit`.
 */
export class EventBatch {
  /** Why the batch was abandoned; its records are then applied one by one. */
  aborted?: unknown;
  private readonly committedCallbacks: (() => void)[] = [];
  /** Inbox rows the batch inserted for its records up front (`claimInbox`), until each record takes its own. */
  private claims?: Set<string>;

  constructor(readonly manager: EntityManager) {}

  /** @internal set by `applyAsBatch` when the batch claimed its records' inbox rows in one statement. */
  claimed(keys: Set<string>): void {
    this.claims = keys;
  }

  /**
   * Whether the batch's up-front insert claimed this event for this consumer (once: a second copy of the
   * event in the same batch is then a duplicate), or undefined when the batch claimed nothing up front and
   * the record inserts its own inbox row.
   */
  takeClaim(consumer: string, eventId: string): boolean | undefined {
    if (!this.claims) return undefined;
    return this.claims.delete(inboxKey(consumer, eventId));
  }

  abort(reason: unknown): void {
    this.aborted ??= reason;
  }

  afterCommit(callback: () => void): void {
    this.committedCallbacks.push(callback);
  }

  /** @internal called by `applyAsBatch` once the transaction has committed. */
  committed(): void {
    for (const callback of this.committedCallbacks) callback();
  }
}

const current = new AsyncLocalStorage<EventBatch>();

/** How long a batch, holding its schema's audit chain, waits for a row lock before it gives up. */
export const BATCH_LOCK_TIMEOUT_MS = 200;

/** The batch the record being consumed belongs to, if it is consumed as part of one. */
export function currentEventBatch(): EventBatch | undefined {
  return current.getStore();
}

/**
 * Runs `applyEach` for every record of a batch inside one transaction of the service's schema. Resolves
 * true when the batch committed, false when it was abandoned (a record aborted it, a row stayed locked
 * past `BATCH_LOCK_TIMEOUT_MS`, or the transaction failed) and nothing of it is stored. The transaction
 * first takes the schema's audit-chain lock (see `lockAuditChain`): batches of different partitions touch
 * the same applications in different orders, and would otherwise deadlock on rows and the chain.
 */
export async function applyAsBatch<R>(
  dataSource: DataSource,
  schema: string,
  records: readonly R[],
  applyEach: (record: R) => Promise<unknown>,
  options: { onAbandoned?: (reason: unknown) => void; claim?: (manager: EntityManager) => Promise<Set<string> | undefined> } = {},
): Promise<boolean> {
  const { onAbandoned, claim } = options;
  const runner = dataSource.createQueryRunner();
  const batch = new EventBatch(runner.manager);
  try {
    await runner.connect();
    await runner.startTransaction();
    await lockAuditChain(runner.manager, schema);
    // Holding the chain, a batch waits only briefly for a row: whoever holds it (an officer's request, a
    // record applied alone) may be waiting for the chain in turn. Past the limit the batch is abandoned and
    // its records are applied one by one, rows first and the chain last like every other transaction,
    // instead of a deadlock that PostgreSQL would break after a second by aborting either side.
    await runner.query(`SET LOCAL lock_timeout = '${BATCH_LOCK_TIMEOUT_MS}ms'`);
    const claims = await claim?.(runner.manager);
    if (claims) batch.claimed(claims);
    for (const record of records) {
      await current.run(batch, () => applyEach(record));
      if (batch.aborted !== undefined) break;
    }
    if (batch.aborted !== undefined) {
      await runner.rollbackTransaction();
      onAbandoned?.(batch.aborted);
      return false;
    }
    await runner.commitTransaction();
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    onAbandoned?.(err);
    return false;
  } finally {
    await runner.release();
  }
  batch.committed();
  return true;
}

/**
 * Inserts the inbox rows of a batch's records in one statement (instead of one per record), for consumer
 * `<group>:<event type>` as `EventConsumer` names it, and answers the keys it inserted: a record whose row
 * was there already is a duplicate. Undefined, and nothing inserted, when a record is not a JSON envelope
 * with an event id and a type: the records then insert their own rows, and the bad one abandons the batch.
 * Everything else about a record is validated when it is applied (an event id that is no UUID fails this
 * insert, which abandons the batch); an invalid record abandons the batch and rolls these rows back with it.
 */
export async function claimInbox(
  manager: EntityManager,
  schema: string,
  consumerGroup: string,
  records: readonly { topic: string; value: unknown }[],
): Promise<Set<string> | undefined> {
  const rows: InboxRow[] = [];
  for (const record of records) {
    let envelope: { eventId?: unknown; type?: unknown };
    try {
      envelope = JSON.parse(String(record.value));
    } catch {
      return undefined;
    }
    const { eventId, type } = envelope ?? {};
    if (typeof eventId !== 'string' || typeof type !== 'string') return undefined;
    rows.push({ consumer: inboxConsumer(consumerGroup, type), eventId, topic: record.topic, eventType: type });
  }
  return insertInbox(manager, schema, rows);
}
