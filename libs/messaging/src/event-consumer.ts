import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { KafkaContext } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { DEAD_LETTER_HEADERS, DEAD_LETTER_TRUNCATED_HEADER, EventDefinition, EventEnvelope, flattenValidationErrors, isDomainRuleError } from '@mpp/contracts';
import { errorText, runInContext } from '@mpp/platform';
import { KafkaProducer } from './kafka';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { currentEventBatch, EventBatch } from './event-batch';
import { inboxConsumer, insertInbox } from './inbox';
import { messagingMetrics } from './metrics';
import { processInSpan } from './tracing';

export type EventHandler<T> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

/** `deferred`: a batch was abandoned at this record; it is applied again in its own transaction. */
export type ConsumeOutcome = 'processed' | 'duplicate' | 'dead-lettered' | 'deferred';

/** Thrown by a handler for an event that can never be applied (retrying will not help). */
export class PermanentEventError extends Error {}

/**
 * A failure that the same event will meet again on every attempt: the handler said so, or a domain rule
 * refused the event's data. Such an event is dead-lettered at once instead of after the retries.
 */
export function isPermanentFailure(err: unknown): boolean {
  return err instanceof PermanentEventError || isDomainRuleError(err);
}

export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key?: string | null;
  value: unknown;
  headers?: Record<string, unknown>;
}

export function recordFromContext(ctx: KafkaContext): RawRecord {
  const message = ctx.getMessage();
  return {
    topic: ctx.getTopic(),
    partition: ctx.getPartition(),
    offset: message.offset,
    key: message.key == null ? null : String(message.key),
    value: message.value,
    headers: message.headers as Record<string, unknown> | undefined,
  };
}

/**
 * Applies one consumed event exactly once in effect:
 * 1. the envelope and payload are validated against the contract; an invalid record goes straight to the
 *    dead-letter topic;
 * 2. the handler runs in one transaction together with the inbox insert keyed by (consumer, event id), so
 *    a redelivered event is recognised and skipped;
 * 3. a failing handler is retried a bounded number of times, then the record goes to the dead-letter
 *    topic and the partition moves on.
 * Only a failure to dead-letter (Kafka away) is thrown, so that Kafka redelivers the record later.
 * Inside an `EventBatch` (see `BatchingKafkaServer`), step 2 runs in the batch's transaction instead, and
 * anything but a clean apply abandons the batch, whose records then come here one by one.
 */
@Injectable()
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
    private readonly config: ConfigService,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  consume<T extends object>(definition: EventDefinition<T>, ctx: KafkaContext, handler: EventHandler<T>): Promise<ConsumeOutcome> {
    return this.consumeRecord(definition, recordFromContext(ctx), handler);
  }

  /** Applies one record, in a CONSUMER span that continues the trace of the work that published it. */
  consumeRecord<T extends object>(definition: EventDefinition<T>, record: RawRecord, handler: EventHandler<T>): Promise<ConsumeOutcome> {
    return processInSpan(record, this.options.consumerGroup, () => this.apply(definition, record, handler));
  }

  private async apply<T extends object>(definition: EventDefinition<T>, record: RawRecord, handler: EventHandler<T>): Promise<ConsumeOutcome> {
    const consumer = inboxConsumer(this.options.consumerGroup, definition.type);
    const batch = currentEventBatch();
    const parsed = await parseEnvelope(definition, record.value);
    if ('violations' in parsed) {
      if (batch) return this.deferred(batch, parsed.violations);
      this.logger.warn(`invalid ${definition.type} at ${record.topic}/${record.partition}@${record.offset}: ${parsed.violations}`);
      await this.deadLetter(record, 'invalid-event', parsed.violations, 0);
      return 'dead-lettered';
    }
    const event = parsed.event;
    return runInContext({ correlationId: event.correlationId, causationId: event.eventId }, async () => {
      if (batch) return this.applyInBatch(batch, consumer, event, record, handler);
      const maxAttempts = this.config.get<number>('CONSUMER_MAX_ATTEMPTS', 3);
      for (let attempt = 1; ; attempt++) {
        const stop = messagingMetrics.handleSeconds.startTimer({ topic: record.topic });
        try {
          const applied = await this.dataSource.transaction((manager) => this.applyOnce(manager, consumer, event, record, handler));
          stop();
          return this.applied(event, record, applied);
        } catch (err) {
          stop();
          const permanent = isPermanentFailure(err);
          this.logger.warn(`${event.type} ${event.eventId}: attempt ${attempt}/${maxAttempts} failed: ${errorText(err)}`);
          if (permanent || attempt >= maxAttempts) {
            await this.deadLetter(record, permanent ? 'rejected-by-handler' : 'processing-failed', errorText(err), attempt);
            return 'dead-lettered';
          }
          await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        }
      }
    });
  }

  /**
   * The inbox row and the handler's effects, in the given transaction; false when already applied. In a
   * batch that claimed its records' inbox rows up front (`claimInbox`), the claim stands for the row.
   */
  private async applyOnce<T extends object>(
    manager: EntityManager,
    consumer: string,
    event: EventEnvelope<T>,
    record: RawRecord,
    handler: EventHandler<T>,
    batch?: EventBatch,
  ): Promise<boolean> {
    const claimed =
      batch?.takeClaim(consumer, event.eventId) ??
      (await insertInbox(manager, this.options.schema, [{ consumer, eventId: event.eventId, topic: record.topic, eventType: event.type }])).size > 0;
    if (!claimed) return false;
    await handler(event, manager);
    return true;
  }

  /** In the batch's transaction; any failure abandons the batch (see `EventBatch`), never retried here. */
  private async applyInBatch<T extends object>(batch: EventBatch, consumer: string, event: EventEnvelope<T>, record: RawRecord, handler: EventHandler<T>): Promise<ConsumeOutcome> {
    const stop = messagingMetrics.handleSeconds.startTimer({ topic: record.topic });
    try {
      const applied = await this.applyOnce(batch.manager, consumer, event, record, handler, batch);
      stop();
      batch.afterCommit(() => this.applied(event, record, applied));
      return applied ? 'processed' : 'duplicate';
    } catch (err) {
      return this.deferred(batch, err);
    }
  }

  private deferred(batch: EventBatch, reason: unknown): ConsumeOutcome {
    batch.abort(reason);
    return 'deferred';
  }

  private applied(event: EventEnvelope<object>, record: RawRecord, applied: boolean): ConsumeOutcome {
    const outcome = applied ? 'processed' : 'duplicate';
    messagingMetrics.consumed.inc({ topic: record.topic, outcome });
    this.logger.log(applied ? `applied ${event.type} ${event.eventId} of ${event.aggregateId}` : `${event.type} ${event.eventId} already applied; skipped`);
    return outcome;
  }

  private async deadLetter(record: RawRecord, reason: string, error: string, attempts: number): Promise<void> {
    const letter = deadLetterMessage(record, {
      [DEAD_LETTER_HEADERS.originalTopic]: record.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(record.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: record.offset,
      [DEAD_LETTER_HEADERS.consumerGroup]: this.options.consumerGroup,
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.error]: error.slice(0, 2000),
      [DEAD_LETTER_HEADERS.attempts]: String(attempts),
      [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
    });
    await this.producer.send(this.options.deadLetterTopic, [letter]);
    messagingMetrics.deadLettered.inc({ topic: record.topic, reason });
    this.logger.error(`moved ${record.topic}/${record.partition}@${record.offset} to ${this.options.deadLetterTopic}: ${reason}: ${error}`);
  }
}

/**
 * The most of a record a dead letter carries. A record just under the broker's `message.max.bytes` (1 MB by
 * default) plus the dead-letter headers is over it: the broker refused the letter, the consumer crashed and
 * the service restarted onto the same record for ever. Events are a few kB (HTTP bodies at most 100 kB), so
 * only poison is cut.
 */
export const DEAD_LETTER_LIMITS = { valueBytes: 256 * 1024, headerBytes: 16 * 1024, keyBytes: 1024 } as const;

function cut(text: string, bytes: number): string {
  return Buffer.from(text).subarray(0, bytes).toString();
}

/** The dead letter of a record: its key, value and headers (cut to `DEAD_LETTER_LIMITS`, saying so), plus `dltHeaders`. */
export function deadLetterMessage(
  record: Pick<RawRecord, 'key' | 'value' | 'headers'>,
  dltHeaders: Record<string, string>,
): { key: string | null; value: string; headers: Record<string, string> } {
  const notes: string[] = [];
  let value = typeof record.value === 'string' ? record.value : Buffer.isBuffer(record.value) ? record.value.toString() : JSON.stringify(record.value ?? null);
  const valueBytes = Buffer.byteLength(value);
  if (valueBytes > DEAD_LETTER_LIMITS.valueBytes) {
    notes.push(`value ${valueBytes} bytes (sha256 ${createHash('sha256').update(value).digest('hex')}) cut to ${DEAD_LETTER_LIMITS.valueBytes}`);
    value = cut(value, DEAD_LETTER_LIMITS.valueBytes);
  }
  let key = record.key ?? null;
  if (key !== null && Buffer.byteLength(key) > DEAD_LETTER_LIMITS.keyBytes) {
    notes.push(`key ${Buffer.byteLength(key)} bytes cut to ${DEAD_LETTER_LIMITS.keyBytes}`);
    key = cut(key, DEAD_LETTER_LIMITS.keyBytes);
  }
  const headers: Record<string, string> = {};
  let headerBytes = 0;
  let dropped = 0;
  for (const [k, v] of Object.entries(record.headers ?? {})) {
    if (v == null || k in dltHeaders || k === DEAD_LETTER_TRUNCATED_HEADER) continue;
    const text = String(v);
    const bytes = Buffer.byteLength(k) + Buffer.byteLength(text);
    if (headerBytes + bytes > DEAD_LETTER_LIMITS.headerBytes) {
      dropped++;
      continue;
    }
    headerBytes += bytes;
    headers[k] = text;
  }
  if (dropped > 0) notes.push(`${dropped} headers dropped (over ${DEAD_LETTER_LIMITS.headerBytes} bytes)`);
  Object.assign(headers, dltHeaders);
  if (notes.length) headers[DEAD_LETTER_TRUNCATED_HEADER] = notes.join('; ');
  return { key, value, headers };
}

/** `applicant.nik (isNik)` per violated rule: the reason a dead letter gives. */
function describeErrors(errors: ValidationError[], parent = ''): string[] {
  return flattenValidationErrors(errors, parent).map((v) => `${v.field} (${v.rule})`);
}

/** Parses and validates a record value as an envelope of the given event (tolerant of added fields). */
export async function parseEnvelope<T extends object>(
  definition: EventDefinition<T>,
  value: unknown,
): Promise<{ event: EventEnvelope<T> } | { violations: string }> {
  let raw = value;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      raw = JSON.parse(raw.toString());
    } catch {
      return { violations: 'value is not JSON' };
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { violations: 'value is not a JSON object' };
  const envelope = plainToInstance(EventEnvelope, raw) as EventEnvelope<T>;
  const problems = describeErrors(await validate(envelope));
  if (envelope.type !== definition.type) problems.push(`type (expected ${definition.type})`);
  if (envelope.version !== definition.version) problems.push(`version (expected ${definition.version})`);
  if (problems.length === 0) {
    const payload = plainToInstance(definition.payload, envelope.payload as object);
    problems.push(...describeErrors(await validate(payload), 'payload'));
    envelope.payload = payload;
  }
  return problems.length ? { violations: problems.join(', ') } : { event: envelope };
}
