import { randomUUID } from 'node:crypto';
import { CLS_ID, ClsServiceManager } from 'nestjs-cls';

/**
 * The correlation id of the work in progress: the HTTP request's (from `X-Correlation-Id` or a new one)
 * or the consumed event's. Stored in async-local storage by nestjs-cls so that logs and outgoing events
 * pick it up without passing it around.
 */
export const CORRELATION_HEADER = 'x-correlation-id';
const CAUSATION_KEY = 'causationId';
export const SOURCE_IP_KEY = 'sourceIp';

export function currentCorrelationId(): string | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.getId() : undefined;
}

/** The client address of the HTTP request in progress (after trusted proxies), for the audit trail. */
export function currentSourceIp(): string | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get(SOURCE_IP_KEY) : undefined;
}

export function currentCausationId(): string | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get(CAUSATION_KEY) : undefined;
}

/** Runs `fn` in a fresh context carrying the given correlation (and causation) id. */
export function runInContext<R>(ids: { correlationId: string; causationId?: string }, fn: () => Promise<R>): Promise<R> {
  const cls = ClsServiceManager.getClsService();
  return cls.run(async () => {
    cls.set(CLS_ID, ids.correlationId);
    if (ids.causationId) cls.set(CAUSATION_KEY, ids.causationId);
    return fn();
  });
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Takes the caller's correlation id when it is a sane token, otherwise makes a new one. */
export function correlationIdFrom(header: unknown): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && SAFE_ID.test(value) ? value : randomUUID();
}
