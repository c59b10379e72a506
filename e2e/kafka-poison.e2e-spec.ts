import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEAD_LETTER_HEADERS, DEAD_LETTER_TOPICS, DEAD_LETTER_TRUNCATED_HEADER, EVENTS } from '@mpp/contracts';
import { collectMessages, eventually, REPO_ROOT, startTestSmtpServer, testKafka, TestSmtpServer } from '@mpp/testing';
import { application, call, Json, RunningPlatform, startPlatform } from './support/platform';

/**
 * Poison on every consumed topic: each service's consumer moves what it cannot read to its own dead-letter
 * topic with the reason in a header, and keeps going. The consumed topics come from the event catalogue
 * (libs/contracts/asyncapi.yaml, `receive` operations, tagged with the consuming service).
 */

type Service = keyof typeof DEAD_LETTER_TOPICS;
const SERVICE_OF_TAG: Record<string, Service> = { 'application-intake': 'intake', 'document-verification': 'verification', 'permit-issuance': 'issuance', notification: 'notification' };

/** The broker's default `message.max.bytes` (and topic `max.message.bytes`): 1,048,588 bytes per record batch. */
const BROKER_LIMIT = 1_048_588;
/**
 * A record of about 1 MB that the broker just takes (a few hundred bytes under its limit with the envelope,
 * key and batch overhead). Its dead letter, with the dead-letter headers added, would be over the limit: the
 * consumer cuts it (see `deadLetterMessage` in libs/messaging) instead of crashing on it at every start.
 */
const ACCEPTED_SIZE = 1_047_900;

function consumedTopics(): Array<{ service: Service; group: string; topic: string; type: string }> {
  const catalogue = parse(readFileSync(join(REPO_ROOT, 'libs/contracts/asyncapi.yaml'), 'utf8'));
  return Object.values<Json>(catalogue.operations)
    .filter((op) => op.action === 'receive')
    .map((op) => {
      const group: string = op.tags[0].name;
      const channel = catalogue.channels[op.channel.$ref.split('/').pop()];
      const type = Object.values(EVENTS).find((e) => e.topic === channel.address)?.type;
      if (!type) throw new Error(`no event for ${channel.address}`);
      return { service: SERVICE_OF_TAG[group], group, topic: channel.address as string, type };
    });
}

function envelope(type: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: `poison-${randomUUID()}`,
    tenant: '3373',
    aggregateId: randomUUID(),
    payload: {},
    ...overrides,
  };
}

describe('poison messages on every consumed topic: dead-lettered with a reason, the consumer keeps going', () => {
  let platform: RunningPlatform;
  let smtp: TestSmtpServer;
  const kafka = testKafka('e2e-poison-all');
  const run = randomUUID().slice(0, 8);
  const consumers = consumedTopics();

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    // The notification service consumes most topics too.
    platform = await startPlatform({}, { notification: { SMTP_URL: smtp.url } });
  });

  afterAll(async () => {
    await platform?.stop();
    await smtp?.stop();
  });

  it('knows what each service consumes', () => {
    const byService = (s: Service) => consumers.filter((c) => c.service === s).map((c) => c.topic);
    expect(byService('verification')).toContain(EVENTS.ApplicationSubmitted.topic);
    expect(byService('issuance')).toContain(EVENTS.DocumentsVerified.topic);
    expect(byService('intake')).toContain(EVENTS.PermitIssued.topic);
    expect(byService('notification')).toContain(EVENTS.PermitIssued.topic);
    expect(consumers.length).toBeGreaterThanOrEqual(15);
  });

  it('refuses a record above the broker limit at the producer, with a clean error', async () => {
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      const tooLarge = 'x'.repeat(BROKER_LIMIT + 100_000);
      await expect(producer.send({ topic: EVENTS.ApplicationSubmitted.topic, messages: [{ key: `poison-${run}-too-large`, value: tooLarge }] })).rejects.toMatchObject({
        name: expect.stringMatching(/^KafkaJS/),
        message: expect.stringMatching(/larger than the max message size/),
      });
    } finally {
      await producer.disconnect();
    }
  });

  it('dead-letters invalid JSON, a wrong payload, an unknown type, a wrong version and a 1 MB record (cut to size) on every topic, then processes valid events', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const admin = kafka.admin();
    await admin.connect();
    const sent: Array<{ service: Service; topic: string; key: string; poison: string }> = [];
    try {
      for (const { service, topic, type } of consumers) {
        const partitions = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.map((p) => p.partitionId);
        const poisons: Array<[string, string]> = [
          ['invalid JSON', '{"eventId": "not closed'],
          ['wrong payload schema', JSON.stringify(envelope(type, { payload: { unexpected: true, aggregateId: 42 } }))],
          ['unknown event type', JSON.stringify(envelope('NoSuchEvent'))],
          ['wrong version', JSON.stringify(envelope(type, { version: 99 }))],
          ['1 MB record', JSON.stringify(envelope(type, { payload: { padding: 'x'.repeat(ACCEPTED_SIZE) } }))],
        ];
        // Onto every partition, so whichever partition a valid event later takes is one with poison before it.
        for (const partition of partitions) {
          for (const [poison, value] of poisons) {
            const key = `poison-${run}-${service}-${sent.length}`;
            await producer.send({ topic, messages: [{ key, value, partition }] });
            sent.push({ service, topic, key, poison });
          }
        }
      }

      // Each lands in the dead-letter topic of the service consuming it, with the reason and where it came from.
      for (const service of Object.keys(DEAD_LETTER_TOPICS) as Service[]) {
        const expected = sent.filter((s) => s.service === service);
        const letters = await collectMessages(kafka, DEAD_LETTER_TOPICS[service], {
          count: expected.length,
          timeoutMs: 60_000,
          filter: (m) => m.key?.startsWith(`poison-${run}-${service}-`) ?? false,
        });
        const found = letters.map((m) => ({
          key: m.key,
          topic: m.headers[DEAD_LETTER_HEADERS.originalTopic],
          reason: m.headers[DEAD_LETTER_HEADERS.reason],
          hasError: !!m.headers[DEAD_LETTER_HEADERS.error],
          cut: m.headers[DEAD_LETTER_TRUNCATED_HEADER]?.replace(/sha256 [0-9a-f]{64}/, 'sha256 …') ?? null,
        }));
        const wanted = expected.map((s) => ({
          key: s.key,
          topic: s.topic,
          reason: 'invalid-event',
          hasError: true,
          cut: s.poison === '1 MB record' ? expect.stringMatching(/^value 10\d{5} bytes \(sha256 …\) cut to 262144$/) : null,
        }));
        expect(found.sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''))).toEqual(wanted.sort((a, b) => a.key.localeCompare(b.key)));
      }
    } finally {
      await producer.disconnect();
    }

    // Valid events after the poison are processed: a low-risk application goes through every service.
    const submitted = await call(`${platform.intake}/api/v1/applications`, { body: application({ nik: '3373014508900401' }) });
    expect(submitted.status).toBe(201);
    const issued = await eventually<Json>(async () => {
      const r = await call(`${platform.intake}/api/v1/applications/${submitted.body.applicationNumber}`, { headers: { 'x-tracking-code': submitted.body.trackingCode } });
      return r.body.status === 'ISSUED' ? r.body : undefined;
    }, 60_000);
    expect(issued.permits.length).toBeGreaterThan(0);

    // And no consumer group is stuck on a poison record: each has committed past the end of every consumed topic.
    try {
      for (const { group, topic } of consumers) {
        await eventually(
          async () => {
            const ends = await admin.fetchTopicOffsets(topic);
            const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
            const behind = ends.filter((end) => {
              const at = committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
              return Number(at) < Number(end.high);
            });
            return behind.length === 0 ? true : undefined;
          },
          30_000,
          250,
        ).catch(() => {
          throw new Error(`${group} is stuck on ${topic}`);
        });
      }
    } finally {
      await admin.disconnect();
    }
  }, 240_000);
});
