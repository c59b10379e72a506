import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditInsert } from '@mpp/audit';
import { EVENT_HEADERS, EventActor, EventDefinition, EventEnvelope } from '@mpp/contracts';
import { currentCausationId, currentCorrelationId, errorText } from '@mpp/platform';
import { KafkaProducer } from './kafka';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { messagingMetrics, OutboxBacklogSource, watchOutboxBacklog } from './metrics';
import { outboxChannel } from './schema';
import { publishInSpans, traceHeaders } from './tracing';

export interface OutgoingEvent<T extends object> {
  event: EventDefinition<T>;
  /** The application (or office) id; the Kafka key, so one aggregate's events stay in order. */
  aggregateId: string;
  /** Kind of aggregate (Debezium's aggregatetype); `application` unless said otherwise. */
  aggregateType?: 'application' | 'office';
  /** Office code of the application. */
  tenant: string;
  payload: T;
  actor?: EventActor;
}

/**
 * Writes events into the outbox inside the caller's transaction: the state change and its events commit
 * together or not at all. Correlation and causation ids come from the current request or consumed event.
 */
@Injectable()
export class OutboxWriter {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  /** Appends the event; `alongside`, an audit record of the same change, goes in the same statement. */
  async append<T extends object>(manager: EntityManager, outgoing: OutgoingEvent<T>, alongside?: AuditInsert): Promise<EventEnvelope<T>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.append must run inside the transaction of the state change');
    }
    const { event } = outgoing;
    const envelope: EventEnvelope<T> = {
      eventId: randomUUID(),
      type: event.type,
      version: event.version,
      occurredAt: new Date().toISOString(),
      correlationId: currentCorrelationId() ?? randomUUID(),
      causationId: currentCausationId(),
      tenant: outgoing.tenant,
      actor: outgoing.actor,
      aggregateId: outgoing.aggregateId,
      payload: outgoing.payload,
    };
    const headers: Record<string, string> = {
      [EVENT_HEADERS.eventId]: envelope.eventId,
      [EVENT_HEADERS.eventType]: envelope.type,
      [EVENT_HEADERS.correlationId]: envelope.correlationId,
      [EVENT_HEADERS.tenant]: envelope.tenant,
    };
    if (envelope.causationId) headers[EVENT_HEADERS.causationId] = envelope.causationId;
    // W3C traceparent/tracestate of the work that wrote the event (none while tracing is off).
    Object.assign(headers, traceHeaders());
    const schema = this.options.schema;
    // With a wake-up hint for the relay, in the same round trip: PostgreSQL delivers it only if and when
    // this transaction commits (and once per transaction, however many events it appends). A data-modifying
    // WITH runs to completion whether or not the statement reads it
    // (https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING), so the audit record
    // alongside is written by the same statement.
    await manager.query(
      `WITH "appended" AS (
         INSERT INTO "${schema}"."outbox" ("event_id", "topic", "aggregatetype", "aggregateid", "type", "payload", "headers")
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING 1)${alongside ? `, "audited" AS (${alongside.text(9)})` : ''}
       SELECT pg_notify($8, '') FROM "appended"`,
      [
        envelope.eventId,
        event.topic,
        outgoing.aggregateType ?? 'application',
        envelope.aggregateId,
        envelope.type,
        JSON.stringify(envelope),
        JSON.stringify(headers),
        outboxChannel(schema),
        ...(alongside?.params ?? []),
      ],
    );
    return envelope;
  }
}

interface OutboxRow {
  id: string;
  topic: string;
  aggregateid: string;
  payload: unknown;
  headers: Record<string, string>;
}

/**
 * Counts the service's unpublished outbox rows for `mpp_outbox_pending` when metrics are scraped: one
 * `count(*)` over the partial index of unpublished rows, so its cost follows the backlog, not the table;
 * bounded by a statement timeout, so a huge backlog cannot make a scrape expensive (the gauge then keeps
 * its last value).
 */
@Injectable()
export class OutboxBacklog implements OutboxBacklogSource, OnModuleInit, OnApplicationShutdown {
  readonly schema: string;
  private unwatch?: () => void;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
  ) {
    this.schema = options.schema;
  }

  onModuleInit(): void {
    this.unwatch = watchOutboxBacklog(this);
  }

  onApplicationShutdown(): void {
    this.unwatch?.();
  }

  async count(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL statement_timeout = 1000`);
      const [{ pending }] = await manager.query(
        `SELECT count(*)::int AS pending FROM "${this.schema}"."outbox" WHERE "published_at" IS NULL`,
      );
      return pending as number;
    });
  }
}

/**
 * Publishes outbox rows to Kafka in id order, then marks them published. Woken by NOTIFY right after a
 * commit, with a fallback poll. One relay per schema is active at a time (transaction-scoped advisory
 * lock), which keeps per-application order with several replicas. At-least-once: a crash between the
 * Kafka acknowledgement and the commit republishes the batch, and consumers deduplicate by event id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly batchSize = 100;
  private stopped = true;
  private loopDone?: Promise<void>;
  private wake?: () => void;
  private woken = false;
  private listener?: Client;
  private listenerRetry?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
    private readonly config: ConfigService,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.listen();
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.listenerRetry);
    this.notify();
    await this.loopDone;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Publishes everything pending now; resolves with the number of events published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < this.batchSize) return total;
    }
  }

  private async loop(): Promise<void> {
    const pollMs = this.config.get<number>('OUTBOX_POLL_INTERVAL_MS', 1000);
    let failures = 0;
    while (!this.stopped) {
      this.woken = false;
      try {
        await this.drain();
        failures = 0;
      } catch (err) {
        failures++;
        messagingMetrics.outboxPublishFailures.inc();
        const delay = Math.min(30000, 250 * 2 ** failures);
        this.logger.warn(`outbox relay: publish failed (${errorText(err)}); retrying in ${delay} ms`);
        await this.sleep(delay);
        continue;
      }
      if (!this.woken) await this.sleep(pollMs);
    }
  }

  /**
   * One batch: publish, then stamp `published_at`. Every attempt counts in `attempts`; a failed one also
   * leaves its error in `last_error` (committed although the batch is not published), then is rethrown.
   */
  private async publishBatch(): Promise<number> {
    const schema = this.options.schema;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        `outbox-relay:${schema}`,
      ]);
      if (!locked) return { published: 0 };
      const rows: OutboxRow[] = await manager.query(
        `SELECT "id", "topic", "aggregateid", "payload", "headers" FROM "${schema}"."outbox"
         WHERE "published_at" IS NULL ORDER BY "id" LIMIT $1`,
        [this.batchSize],
      );
      if (rows.length === 0) return { published: 0 };
      const ids = rows.map((r) => r.id);
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const row of rows) {
        const list = byTopic.get(row.topic) ?? [];
        list.push({ key: row.aggregateid, value: JSON.stringify(row.payload), headers: row.headers });
        byTopic.set(row.topic, list);
      }
      try {
        await publishInSpans([...byTopic], (batches) =>
          this.producer.sendBatch(batches.map(([topic, messages]) => ({ topic, messages }))),
        );
      } catch (err) {
        await manager.query(
          `UPDATE "${schema}"."outbox" SET "attempts" = "attempts" + 1, "last_error" = $2 WHERE "id" = ANY($1::bigint[])`,
          [ids, errorText(err).slice(0, 2000)],
        );
        return { published: 0, failure: err };
      }
      await manager.query(
        `UPDATE "${schema}"."outbox" SET "published_at" = now(), "attempts" = "attempts" + 1 WHERE "id" = ANY($1::bigint[])`,
        [ids],
      );
      for (const [topic, messages] of byTopic) messagingMetrics.outboxPublished.inc({ topic }, messages.length);
      return { published: rows.length };
    });
    if ('failure' in outcome) throw outcome.failure;
    return outcome.published;
  }

  private notify(): void {
    this.woken = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** LISTEN on a dedicated connection; reconnects on error. Only a latency optimisation: polling stays. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: `${this.options.serviceName}-outbox-listener` });
    const retry = () => {
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (this.listener === client) this.listener = undefined;
      if (!this.stopped) this.listenerRetry = setTimeout(() => void this.listen(), 2000);
    };
    client.on('error', retry);
    client.on('notification', () => this.notify());
    try {
      await client.connect();
      await client.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
      this.listener = client;
      if (this.stopped) await client.end();
      else this.notify(); // catch up with anything committed while not listening
    } catch (err) {
      this.logger.warn(`outbox listener: ${errorText(err)}`);
      retry();
    }
  }
}
