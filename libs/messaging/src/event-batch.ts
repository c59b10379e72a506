import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { lockAuditChain } from '@mpp/audit';

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

  constructor(readonly manager: EntityManager) {}

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

/** The batch the record being consumed belongs to, if it is consumed as part of one. */
export function currentEventBatch(): EventBatch | undefined {
  return current.getStore();
}

/**
 * Runs `applyEach` for every record of a batch inside one transaction of the service's schema. Resolves
 * true when the batch committed, false when it was abandoned (a record aborted it, or the transaction
 * failed) and nothing of it is stored. The transaction first takes the schema's audit-chain lock (see
 * `lockAuditChain`): batches of different partitions touch the same applications in different orders, and
 * would otherwise deadlock on rows and the chain.
 */
export async function applyAsBatch<R>(
  dataSource: DataSource,
  schema: string,
  records: readonly R[],
  applyEach: (record: R) => Promise<unknown>,
  onAbandoned?: (reason: unknown) => void,
): Promise<boolean> {
  const runner = dataSource.createQueryRunner();
  const batch = new EventBatch(runner.manager);
  try {
    await runner.connect();
    await runner.startTransaction();
    await lockAuditChain(runner.manager, schema);
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
