// The floor's shared parts (bench/README.md, "The floor"): plain pg and kafkajs, no framework, no validation.
// A transaction helper, an outbox relay (publish in id order with acks=all, then stamp published_at, as the
// platform's relay does; woken in-process after each commit, with a 1 s poll behind it) and a batched
// consumer (one transaction per fetched batch: inbox rows and effects together, then the offsets).
//
// Environment: FLOOR_DATABASE_URL, FLOOR_BROKERS, FLOOR_KAFKA_USERNAME, FLOOR_KAFKA_PASSWORD.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';

export const TOPICS = {
  submitted: 'floor.application-submitted',
  started: 'floor.verification-started',
  verified: 'floor.documents-verified',
  issued: 'floor.permit-issued',
};

export const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });

export const kafka = new Kafka({
  clientId: `floor-${process.argv[1].split('/').pop()}`,
  brokers: (process.env.FLOOR_BROKERS ?? '127.0.0.1:9092').split(','),
  sasl: { mechanism: 'scram-sha-512', username: process.env.FLOOR_KAFKA_USERNAME ?? 'admin', password: process.env.FLOOR_KAFKA_PASSWORD ?? 'admin-dev-secret' },
  ssl: false,
  logLevel: logLevel.ERROR,
});

export async function transaction(work) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** An event for the outbox: `{ eventId, type, topic, aggregateId, occurredAt, payload }`. */
export function event(type, topic, aggregateId, payload) {
  return { eventId: randomUUID(), type, topic, aggregateId, occurredAt: new Date().toISOString(), payload };
}

/** Writes events into `schema`.outbox in the caller's transaction (one statement). */
export async function appendOutbox(client, schema, events) {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO ${schema}.outbox (event_id, topic, aggregateid, type, payload)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
    [events.map((e) => e.eventId), events.map((e) => e.topic), events.map((e) => e.aggregateId), events.map((e) => e.type), events.map((e) => JSON.stringify(e))],
  );
}

/** One audit row (the platform writes one in the same transactions; the floor has no hash chain). */
export function audit(client, schema, action, subjectId, details) {
  return client.query(`INSERT INTO ${schema}.audit_log (action, subject_id, details) VALUES ($1, $2, $3)`, [action, subjectId, details]);
}

/** The relay of `schema`.outbox; `wake()` after a commit. */
export function outboxRelay(schema) {
  const producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
  const connected = producer.connect();
  let running = false;
  let again = false;
  async function drain() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await connected;
      do {
        again = false;
        for (;;) {
          const { rows } = await pool.query(`SELECT id, topic, aggregateid, payload FROM ${schema}.outbox WHERE published_at IS NULL ORDER BY id LIMIT 500`);
          if (rows.length === 0) break;
          const byTopic = new Map();
          for (const row of rows) {
            if (!byTopic.has(row.topic)) byTopic.set(row.topic, []);
            byTopic.get(row.topic).push({ key: row.aggregateid, value: JSON.stringify(row.payload) });
          }
          await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
          await pool.query(`UPDATE ${schema}.outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
          if (rows.length < 500) break;
        }
      } while (again);
    } catch (err) {
      console.error(`relay ${schema}: ${err.message}`);
    } finally {
      running = false;
    }
  }
  setInterval(drain, 1000).unref();
  return { wake: () => void drain(), connected, stop: () => producer.disconnect() };
}

/**
 * Consumes `topics` as `groupId`: each fetched batch in one transaction (inbox rows, then `handle(client,
 * freshEvents, topic)` for the events not seen before), then its offsets are resolved; the relay is woken.
 */
export async function consume({ groupId, schema, topics, relay, handle }) {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10000, heartbeatInterval: 3000, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch, heartbeat }) => {
      const events = batch.messages.map((m) => JSON.parse(m.value.toString()));
      await transaction(async (client) => {
        const { rows } = await client.query(
          `INSERT INTO ${schema}.inbox (consumer, event_id, topic, event_type) SELECT $1, unnest($2::uuid[]), $3, unnest($4::text[])
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [groupId, events.map((e) => e.eventId), batch.topic, events.map((e) => e.type)],
        );
        const fresh = new Set(rows.map((r) => r.event_id));
        await handle(client, events.filter((e) => fresh.has(e.eventId)), batch.topic);
      });
      relay?.wake();
      await heartbeat();
    },
  });
  await joined;
  return consumer;
}

/** Stops on SIGTERM/SIGINT; `ready` goes to stdout for the bench. */
export function lifecycle(stoppers) {
  const stop = async () => {
    for (const s of stoppers) await Promise.resolve(s()).catch(() => undefined);
    await pool.end().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log('ready');
}
