import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { DEAD_LETTER_HEADERS, EVENT_HEADERS, EventDefinition, EventEnvelope, EVENTS, Topic, VerificationStartedV1 } from '@mpp/contracts';
import { runInContext } from '@mpp/platform';
import {
  collectMessages,
  superuserClient,
  superuserDatabaseUrl,
  TEST_DATABASES,
  TEST_KAFKA_ADMIN,
  TEST_KAFKA_BROKERS,
  testKafka,
} from '@mpp/testing';
import { DeadLetterReplayRefused, readDeadLetters, replayDeadLetters, selectDeadLetters } from './dead-letters';
import { applyAsBatch, claimInbox } from './event-batch';
import { EventConsumer, RawRecord } from './event-consumer';
import { ensureTopics, KafkaProducer } from './kafka';
import { messagingMetrics } from './metrics';
import { AuditModule, AuditTrail, createAuditTable } from '@mpp/audit';
import { MessagingModule } from './messaging.module';
import { OutboxRelay, OutboxWriter } from './outbox';
import { createMessagingTables } from './schema';

const DB = TEST_DATABASES.integration;
const SCHEMA = 'messaging_it';
const RUN = randomUUID().slice(0, 8);
const TOPIC = `it.${RUN}.verification-started.v1` as Topic;
const DLT = `it.${RUN}.dead-letter.v1`;
/** A topic the test service does not consume. */
const FOREIGN = `it.${RUN}.permit-issued.v1`;

/** VerificationStarted, published on this run's own topic. */
const EVENT: EventDefinition<VerificationStartedV1> = { ...EVENTS.VerificationStarted, topic: TOPIC };

function payload(applicationId: string): VerificationStartedV1 {
  return {
    applicationId,
    applicationNumber: 'MPP-3373-2026-000001',
    officeCode: '3373',
    caseId: randomUUID(),
    checklist: ['KTP'],
    automaticChecks: [{ name: 'nik-structure', passed: true }],
    startedAt: new Date().toISOString(),
  };
}

async function createApp(
  schema = SCHEMA,
  overrides: { provide: unknown; useValue: unknown }[] = [],
): Promise<INestApplicationContext> {
  const builder = Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({
        ignoreEnvFile: true,
        isGlobal: true,
        load: [
          () => ({
            KAFKA_BROKERS: TEST_KAFKA_BROKERS,
            KAFKA_SASL_USERNAME: TEST_KAFKA_ADMIN.username,
            KAFKA_SASL_PASSWORD: TEST_KAFKA_ADMIN.password,
            OUTBOX_POLL_INTERVAL_MS: 200,
            CONSUMER_MAX_ATTEMPTS: 2,
          }),
        ],
      }),
      ClsModule.forRoot({ global: true }),
      TypeOrmModule.forRoot({ type: 'postgres', url: superuserDatabaseUrl(DB), schema, poolSize: 4 }),
      MessagingModule.forService({
        serviceName: 'messaging-it',
        schema,
        consumerGroup: `messaging-it-${RUN}`,
        deadLetterTopic: DLT,
        topics: [TOPIC],
      }),
      AuditModule,
    ],
  });
  for (const o of overrides) builder.overrideProvider(o.provide).useValue(o.useValue);
  return (await builder.compile()).init();
}

/** A fresh schema with the messaging tables and an `effects` table. */
async function createSchema(pg: Client, schema: string): Promise<void> {
  await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
  await pg.query(`CREATE TABLE "${schema}"."effects" ("application_id" uuid NOT NULL, "event_id" uuid NOT NULL)`);
  const ds = new DataSource({ type: 'postgres', url: superuserDatabaseUrl(DB) });
  await ds.initialize();
  const runner = ds.createQueryRunner();
  await createMessagingTables(runner, schema);
  await createAuditTable(runner, schema);
  await runner.release();
  await ds.destroy();
}

describe('messaging on the real PostgreSQL and Kafka', () => {
  let pg: Client;
  let app: INestApplicationContext;
  const kafka = testKafka('messaging-it');

  beforeAll(async () => {
    pg = await superuserClient(DB);
    await createSchema(pg, SCHEMA);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [TOPIC, DLT, FOREIGN]);
    await admin.disconnect();
    app = await createApp();
  });

  afterAll(async () => {
    await app?.close();
    await pg?.end();
  });

  async function outboxRows(aggregateId: string) {
    const { rows } = await pg.query(`SELECT * FROM "${SCHEMA}"."outbox" WHERE "aggregateid" = $1`, [aggregateId]);
    return rows;
  }

  it('commits a state change and its event together, or neither', async () => {
    const ds = app.get(DataSource);
    const writer = app.get(OutboxWriter);
    const committed = randomUUID();
    const rolledBack = randomUUID();

    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO "${SCHEMA}"."effects" VALUES ($1, $2)`, [committed, randomUUID()]);
      await writer.append(m, { event: EVENT, aggregateId: committed, tenant: '3373', payload: payload(committed) });
    });
    await expect(
      ds.transaction(async (m) => {
        await m.query(`INSERT INTO "${SCHEMA}"."effects" VALUES ($1, $2)`, [rolledBack, randomUUID()]);
        await writer.append(m, { event: EVENT, aggregateId: rolledBack, tenant: '3373', payload: payload(rolledBack) });
        throw new Error('business rule failed after the event was written');
      }),
    ).rejects.toThrow('business rule failed');

    expect(await outboxRows(committed)).toHaveLength(1);
    expect(await outboxRows(rolledBack)).toHaveLength(0);
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${SCHEMA}"."effects" WHERE "application_id" = $1`, [rolledBack]);
    expect(rows[0].n).toBe(0);

    const published = await collectMessages(kafka, TOPIC, { count: 1, filter: (msg) => msg.key === committed });
    expect(published).toHaveLength(1);
    const envelope = JSON.parse(published[0].value) as EventEnvelope<VerificationStartedV1>;
    expect(envelope).toMatchObject({ type: 'VerificationStarted', version: 1, tenant: '3373', aggregateId: committed });
    expect(published[0].headers[EVENT_HEADERS.eventId]).toBe(envelope.eventId);
  });

  it('refuses to write an event outside a transaction', async () => {
    const writer = app.get(OutboxWriter);
    const id = randomUUID();
    await expect(writer.append(app.get(DataSource).manager, { event: EVENT, aggregateId: id, tenant: '3373', payload: payload(id) })).rejects.toThrow(
      'inside the transaction',
    );
  });

  it('still publishes an event written before the relay crashed, once it restarts', async () => {
    const relay = app.get(OutboxRelay);
    await relay.stop(); // the relay is down: the event waits in the outbox
    const id = randomUUID();
    const correlationId = `corr-${RUN}`;
    await runInContext({ correlationId }, () =>
      app.get(DataSource).transaction((m) =>
        app.get(OutboxWriter).append(m, { event: EVENT, aggregateId: id, tenant: '3373', payload: payload(id) }),
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await outboxRows(id))[0].published_at).toBeNull();

    // A new relay process: a separate application instance over the same database.
    const restarted = await createApp();
    try {
      const published = await collectMessages(kafka, TOPIC, { count: 1, filter: (msg) => msg.key === id });
      expect(published).toHaveLength(1);
      expect(published[0].headers[EVENT_HEADERS.correlationId]).toBe(correlationId);
      expect((await outboxRows(id))[0].published_at).not.toBeNull();
    } finally {
      await restarted.close();
      relay.start();
    }
  });

  function record(envelope: unknown, offset = '0'): RawRecord {
    return { topic: TOPIC, partition: 0, offset, key: null, value: envelope, headers: {} };
  }

  function envelopeFor(applicationId: string): EventEnvelope<VerificationStartedV1> {
    return {
      eventId: randomUUID(),
      type: EVENT.type,
      version: EVENT.version,
      occurredAt: new Date().toISOString(),
      correlationId: `corr-${RUN}`,
      tenant: '3373',
      aggregateId: applicationId,
      payload: payload(applicationId),
    };
  }

  it('applies an event delivered twice only once', async () => {
    const consumer = app.get(EventConsumer);
    const id = randomUUID();
    const envelope = envelopeFor(id);
    const effect = async (e: EventEnvelope<VerificationStartedV1>, m: import('typeorm').EntityManager) => {
      await m.query(`INSERT INTO "${SCHEMA}"."effects" VALUES ($1, $2)`, [e.payload.applicationId, e.eventId]);
    };
    expect(await consumer.consumeRecord(EVENT, record(envelope), effect)).toBe('processed');
    expect(await consumer.consumeRecord(EVENT, record(JSON.stringify(envelope), '1'), effect)).toBe('duplicate');
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${SCHEMA}"."effects" WHERE "application_id" = $1`, [id]);
    expect(rows[0].n).toBe(1);
  });

  it('sends an invalid event to the dead-letter topic without calling the handler', async () => {
    const consumer = app.get(EventConsumer);
    const handler = jest.fn();
    const broken = { ...envelopeFor(randomUUID()), tenant: 'not-an-office', payload: { applicationId: 42 } };
    expect(await consumer.consumeRecord(EVENT, record(broken, '7'), handler)).toBe('dead-lettered');
    expect(await consumer.consumeRecord(EVENT, record('not json at all', '8'), handler)).toBe('dead-lettered');
    expect(handler).not.toHaveBeenCalled();

    const dead = await collectMessages(kafka, DLT, { count: 2, filter: (m) => m.headers[DEAD_LETTER_HEADERS.originalTopic] === TOPIC && m.headers[DEAD_LETTER_HEADERS.reason] === 'invalid-event' });
    expect(dead.map((m) => m.headers[DEAD_LETTER_HEADERS.originalOffset]).sort()).toEqual(['7', '8']);
    expect(dead.find((m) => m.headers[DEAD_LETTER_HEADERS.originalOffset] === '7')?.headers[DEAD_LETTER_HEADERS.error]).toContain('tenant');
  });

  it('retries a failing handler a bounded number of times, then dead-letters it and leaves no effect', async () => {
    const consumer = app.get(EventConsumer);
    const id = randomUUID();
    const envelope = envelopeFor(id);
    let calls = 0;
    const failing = async (_e: unknown, m: import('typeorm').EntityManager) => {
      calls++;
      await m.query(`INSERT INTO "${SCHEMA}"."effects" VALUES ($1, $2)`, [id, randomUUID()]);
      throw new Error('downstream rule exploded');
    };
    expect(await consumer.consumeRecord(EVENT, record(envelope, '9'), failing)).toBe('dead-lettered');
    expect(calls).toBe(2); // CONSUMER_MAX_ATTEMPTS
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${SCHEMA}"."effects" WHERE "application_id" = $1`, [id]);
    expect(rows[0].n).toBe(0);
    const dead = await collectMessages(kafka, DLT, { count: 1, filter: (m) => m.headers[DEAD_LETTER_HEADERS.originalOffset] === '9' });
    expect(dead[0].headers[DEAD_LETTER_HEADERS.reason]).toBe('processing-failed');
    expect(dead[0].headers[DEAD_LETTER_HEADERS.attempts]).toBe('2');
    expect(JSON.parse(dead[0].value).eventId).toBe(envelope.eventId);
  });

  it('lists dead letters with their reasons and replays one named by position to its topic, recorded in the audit trail', async () => {
    const letters = await readDeadLetters(kafka, DLT);
    expect(letters.map((l) => l.reason).sort()).toEqual(['invalid-event', 'invalid-event', 'processing-failed']);
    const [failed] = letters.filter((l) => l.reason === 'processing-failed');
    expect(failed).toMatchObject({ topic: DLT, originalTopic: TOPIC, originalOffset: '9', attempts: '2', error: 'downstream rule exploded' });
    const position = `${failed.partition}@${failed.offset}`;

    // Without positions nothing is chosen, so nothing is sent.
    expect(() => selectDeadLetters(letters, [])).toThrow(DeadLetterReplayRefused);
    const dataSource = app.get(DataSource);
    const chosen = selectDeadLetters(letters, [position]);
    expect(chosen).toEqual([failed]);
    expect(await replayDeadLetters(kafka, chosen, { consumedTopics: [TOPIC], dataSource, operator: 'dewi.ops' })).toBe(1);
    const [replayed] = await collectMessages(kafka, TOPIC, { count: 1, filter: (m) => m.headers['replayed-from-offset'] === position });
    const eventId = (JSON.parse(replayed.value) as EventEnvelope).eventId;
    expect(await new AuditTrail(dataSource).find({ action: 'dead-letter.replayed', limit: 10 })).toEqual([
      expect.objectContaining({
        office: '3373',
        actor: { kind: 'system', id: 'dewi.ops', role: 'platform-operator' },
        subject: { type: 'dead-letter', id: position },
        details: {
          deadLetterTopic: DLT,
          partition: failed.partition,
          offset: failed.offset,
          originalTopic: TOPIC,
          originalPartition: failed.originalPartition,
          originalOffset: '9',
          reason: 'processing-failed',
          eventId,
          eventType: 'VerificationStarted',
        },
      }),
    ]);

    const fixed = async (e: EventEnvelope<VerificationStartedV1>, m: import('typeorm').EntityManager) => {
      await m.query(`INSERT INTO "${SCHEMA}"."effects" VALUES ($1, $2)`, [e.payload.applicationId, e.eventId]);
    };
    const consumer = app.get(EventConsumer);
    expect(await consumer.consumeRecord(EVENT, record(replayed.value, '99'), fixed)).toBe('processed');
    // Replaying the same letter again has no second effect.
    expect(await consumer.consumeRecord(EVENT, record(replayed.value, '100'), fixed)).toBe('duplicate');
  });

  it('refuses to replay a letter whose header names a topic the service does not consume: nothing sent, nothing recorded', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: DLT,
      messages: [{ key: 'forged', value: JSON.stringify({ eventId: randomUUID() }), headers: { [DEAD_LETTER_HEADERS.originalTopic]: FOREIGN, [DEAD_LETTER_HEADERS.reason]: 'invalid-event' } }],
    });
    await producer.disconnect();
    const forged = (await readDeadLetters(kafka, DLT)).filter((l) => l.key === 'forged');
    expect(forged).toHaveLength(1);
    const dataSource = app.get(DataSource);
    const recordedBefore = await new AuditTrail(dataSource).find({ action: 'dead-letter.replayed', limit: 10 });

    await expect(replayDeadLetters(kafka, forged, { consumedTopics: [TOPIC], dataSource, operator: 'dewi.ops' })).rejects.toThrow(
      `refusing to replay to a topic the service does not consume: ${forged[0].partition}@${forged[0].offset} → "${FOREIGN}"`,
    );
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(FOREIGN).finally(() => admin.disconnect());
    expect(offsets.every((p) => p.high === '0')).toBe(true);
    expect(await new AuditTrail(dataSource).find({ action: 'dead-letter.replayed', limit: 10 })).toEqual(recordedBefore);
  });

  it('applies consecutive records in one transaction; a batch that one record spoils is rolled back whole and applied one by one', async () => {
    const consumer = app.get(EventConsumer);
    const dataSource = app.get(DataSource);
    const transactions: string[] = [];
    const spoiler = randomUUID();
    const effect = async (e: EventEnvelope<VerificationStartedV1>, m: import('typeorm').EntityManager) => {
      const [{ txid }] = await m.query('SELECT txid_current()::text AS txid');
      transactions.push(txid);
      await m.query(`INSERT INTO "${SCHEMA}"."effects" VALUES ($1, $2)`, [e.payload.applicationId, e.eventId]);
      if (e.payload.applicationId === spoiler) throw new Error('downstream rule exploded');
    };
    const effects = async (ids: string[]) =>
      (await pg.query(`SELECT "application_id" FROM "${SCHEMA}"."effects" WHERE "application_id" = ANY($1::uuid[])`, [ids])).rows.map((r) => r.application_id).sort();
    const apply = (records: RawRecord[], outcomes: string[]) =>
      applyAsBatch(dataSource, SCHEMA, records, async (r) => outcomes.push(await consumer.consumeRecord(EVENT, r, effect)));

    const clean = [randomUUID(), randomUUID(), randomUUID()];
    const cleanRecords = clean.map((id, i) => record(envelopeFor(id), String(20 + i)));
    const outcomes: string[] = [];
    expect(await apply([...cleanRecords, cleanRecords[0]], outcomes)).toBe(true);
    expect(outcomes).toEqual(['processed', 'processed', 'processed', 'duplicate']);
    expect(new Set(transactions).size).toBe(1);
    expect(await effects(clean)).toEqual([...clean].sort());

    const spoilt = [randomUUID(), spoiler, randomUUID()];
    const spoiltRecords = spoilt.map((id, i) => record(envelopeFor(id), String(30 + i)));
    const abandoned: unknown[] = [];
    const batchOutcomes: string[] = [];
    const onAbandoned = (reason: unknown) => abandoned.push(reason);
    expect(await applyAsBatch(dataSource, SCHEMA, spoiltRecords, async (r) => batchOutcomes.push(await consumer.consumeRecord(EVENT, r, effect)), { onAbandoned })).toBe(false);
    expect(batchOutcomes).toEqual(['processed', 'deferred']); // stopped at the spoiler
    expect(String(abandoned)).toContain('downstream rule exploded');
    expect(await effects(spoilt)).toEqual([]); // nothing of the batch is stored

    // Claimed up front: the chunk's inbox rows in one statement (any UUID spelling), an event already
    // applied and a second copy in the same chunk both skipped, each effect once.
    const fresh = [randomUUID(), randomUUID()];
    const upper = { ...envelopeFor(fresh[1]), eventId: randomUUID().toUpperCase() };
    const claimedRecords = [record(JSON.stringify(envelopeFor(fresh[0])), '40'), record(JSON.stringify(upper), '41'), record(JSON.stringify(cleanRecords[1].value), '21'), record(JSON.stringify(upper), '42')];
    const claimedOutcomes: string[] = [];
    const inboxInserts = jest.spyOn(EntityManager.prototype, 'query');
    expect(
      await applyAsBatch(dataSource, SCHEMA, claimedRecords, async (r) => claimedOutcomes.push(await consumer.consumeRecord(EVENT, r, effect)), {
        claim: (m) => claimInbox(m, SCHEMA, 'messaging-it-' + RUN, claimedRecords),
      }),
    ).toBe(true);
    const inboxStatements = inboxInserts.mock.calls.filter(([sql]) => String(sql).includes('"inbox"')).length;
    inboxInserts.mockRestore();
    expect(claimedOutcomes).toEqual(['processed', 'processed', 'duplicate', 'duplicate']);
    expect(inboxStatements).toBe(1);
    expect(await effects(fresh)).toEqual([...fresh].sort());

    const oneByOne = [];
    for (const r of spoiltRecords) oneByOne.push(await consumer.consumeRecord(EVENT, r, effect));
    expect(oneByOne).toEqual(['processed', 'dead-lettered', 'processed']);
    expect(await effects(spoilt)).toEqual([spoilt[0], spoilt[2]].sort());
    const dead = await collectMessages(kafka, DLT, { count: 1, filter: (m) => m.headers[DEAD_LETTER_HEADERS.originalOffset] === '31' });
    expect(JSON.parse(dead[0].value).payload.applicationId).toBe(spoiler);
  });
});

describe('outbox bookkeeping', () => {
  const schema = `${SCHEMA}_books`;
  let pg: Client;
  let app: INestApplicationContext;
  /** The broker as the relay sees it: refuses while `down` is set, otherwise acknowledges. */
  const broker = {
    down: true,
    sent: 0,
    async sendBatch(batches: { messages: unknown[] }[]) {
      if (this.down) throw new Error('broker unreachable: connect ECONNREFUSED');
      this.sent += batches.reduce((n, b) => n + b.messages.length, 0);
    },
    async send() {
      throw new Error('not used');
    },
  };

  beforeAll(async () => {
    pg = await superuserClient(DB);
    await createSchema(pg, schema);
    app = await createApp(schema, [{ provide: KafkaProducer, useValue: broker }]);
    await app.get(OutboxRelay).stop(); // passes are driven by the test
  });

  afterAll(async () => {
    await app?.close();
    await pg?.end();
  });

  async function write(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await app.get(DataSource).transaction(async (m) => {
      for (const id of ids) await app.get(OutboxWriter).append(m, { event: EVENT, aggregateId: id, tenant: '3373', payload: payload(id) });
    });
    return ids;
  }

  async function bookkeeping() {
    const { rows } = await pg.query(`SELECT "attempts", "last_error", "published_at" FROM "${schema}"."outbox" ORDER BY "id"`);
    return rows as { attempts: number; last_error: string | null; published_at: Date | null }[];
  }

  async function pendingMetric(): Promise<number> {
    const metric = await messagingMetrics.outboxPending.get();
    return metric.values[0]?.value ?? NaN;
  }

  it('counts every publish attempt and keeps the error of the last failed one', async () => {
    await write(3);
    const relay = app.get(OutboxRelay);
    await expect(relay.drain()).rejects.toThrow('ECONNREFUSED');
    await expect(relay.drain()).rejects.toThrow('ECONNREFUSED');
    expect(await bookkeeping()).toEqual(
      Array(3).fill({ attempts: 2, last_error: 'broker unreachable: connect ECONNREFUSED', published_at: null }),
    );

    broker.down = false;
    expect(await relay.drain()).toBe(3);
    expect(broker.sent).toBe(3);
    for (const row of await bookkeeping()) {
      expect(row).toMatchObject({ attempts: 3, last_error: 'broker unreachable: connect ECONNREFUSED' });
      expect(row.published_at).not.toBeNull();
    }
  });

  it('reports mpp_outbox_pending as the number of unpublished rows when scraped', async () => {
    expect(await pendingMetric()).toBe(0);
    broker.down = true;
    await write(2);
    expect(await pendingMetric()).toBe(2);
    // More than one relay batch (100) waits: the gauge is the count, not the size of the last batch.
    await write(130);
    expect(await pendingMetric()).toBe(132);
    await expect(app.get(OutboxRelay).drain()).rejects.toThrow('ECONNREFUSED');
    expect(await pendingMetric()).toBe(132);

    broker.down = false;
    expect(await app.get(OutboxRelay).drain()).toBe(132);
    expect(await pendingMetric()).toBe(0);
  });
});
