import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { DEAD_LETTER_TOPICS, TOPICS } from '@mpp/contracts';
import { collectMessages, KafkaLogin, servicePrincipal, TEST_KAFKA_BROKERS, testKafka } from '@mpp/testing';

/**
 * Kafka authentication and ACLs on the test broker, which runs as every broker of the platform does
 * (deploy/local/kafka: SASL/SCRAM-SHA-512, StandardAuthorizer, deploy/kafka/acls.conf). The refusals come
 * from the broker, so they hold for any client, not just the services' code.
 */

/** A client that gives up at the first refusal (the services retry; a test wants the answer). */
function client(clientId: string, login: KafkaLogin | null): Kafka {
  return new Kafka({
    clientId,
    brokers: TEST_KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 5000,
    retry: { retries: 0 },
    ...(login ? { sasl: { mechanism: 'scram-sha-512' as const, ...login }, ssl: false } : {}),
  });
}

/** Every error type and name in an error and its causes (kafkajs wraps the broker's error code). */
function errorFacts(err: unknown, seen = new Set<unknown>()): string[] {
  if (!err || typeof err !== 'object' || seen.has(err)) return [];
  seen.add(err);
  const e = err as { name?: string; type?: string; message?: string; cause?: unknown; originalError?: unknown; errors?: unknown[] };
  return [
    ...[e.name, e.type].filter((x): x is string => typeof x === 'string'),
    ...(e.message?.match(/[A-Z_]{2,}_FAILED|authorization failed|invalid credentials/gi) ?? []),
    ...errorFacts(e.cause, seen),
    ...errorFacts(e.originalError, seen),
    ...(e.errors ?? []).flatMap((x) => errorFacts(x, seen)),
  ];
}

async function refusal(action: Promise<unknown>): Promise<string[]> {
  try {
    await action;
  } catch (err) {
    return errorFacts(err);
  }
  throw new Error('expected the broker to refuse');
}

/** A DocumentsVerified envelope as a forger would write it: automatic verification, low risk. */
function forgedDocumentsVerified(applicationId: string) {
  return JSON.stringify({
    eventId: randomUUID(),
    type: 'DocumentsVerified',
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    tenant: '3373',
    actor: { kind: 'system', id: 'document-verification' },
    aggregateId: applicationId,
    payload: { applicationId, caseId: randomUUID(), verifiedBy: 'AUTOMATIC', verifiedAt: new Date().toISOString() },
  });
}

/** Nothing with `key` arrived on `topic` (read as admin). */
async function nothingKeyed(topic: string, key: string): Promise<void> {
  expect(await collectMessages(testKafka('e2e-security-check'), topic, { count: 1, timeoutMs: 3000, filter: (m) => m.key === key })).toEqual([]);
}

describe('Kafka authentication and ACLs', () => {
  const intake = servicePrincipal('application-intake');
  const verification = servicePrincipal('document-verification');
  const issuance = servicePrincipal('permit-issuance');
  const open: (Producer | Consumer)[] = [];

  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((c) => c.disconnect()));
  });

  function producer(kafka: Kafka): Producer {
    const p = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
    open.push(p);
    return p;
  }

  function consumer(kafka: Kafka, groupId: string): Consumer {
    const c = kafka.consumer({ groupId, allowAutoTopicCreation: false, retry: { retries: 0 }, sessionTimeout: 6000, heartbeatInterval: 1000 });
    open.push(c);
    return c;
  }

  /** Runs a consumer on `topic` until it crashes; the crash's error facts (or [] if it kept running 8 s). */
  async function consumeUntilCrash(c: Consumer, topic: string): Promise<string[]> {
    await c.connect();
    let timer: NodeJS.Timeout | undefined;
    const crashed = new Promise<string[]>((resolve) => {
      c.on(c.events.CRASH, ({ payload }) => resolve(errorFacts(payload.error)));
      timer = setTimeout(() => resolve([]), 8000);
    });
    try {
      await c.subscribe({ topics: [topic], fromBeginning: true });
      await c.run({ autoCommit: false, eachMessage: async () => undefined });
      return await crashed;
    } catch (err) {
      return errorFacts(err);
    } finally {
      clearTimeout(timer);
    }
  }

  describe('authentication', () => {
    it('refuses a client without credentials: nothing is produced, nothing consumed', async () => {
      const key = randomUUID();
      const anonymous = client('e2e-anonymous', null);
      const p = producer(anonymous);
      const facts = await refusal(p.connect().then(() => p.send({ topic: TOPICS.documentsVerified, messages: [{ key, value: forgedDocumentsVerified(key) }] })));
      // The broker closes the connection when the first request is not a SASL handshake.
      expect(facts.join(' ')).toMatch(/KafkaJSConnectionClosedError|KafkaJSNumberOfRetriesExceeded|KafkaJSConnectionError/);
      await nothingKeyed(TOPICS.documentsVerified, key);

      const c = consumer(anonymous, 'permit-issuance');
      expect(await refusal(c.connect().then(() => c.subscribe({ topics: [TOPICS.documentsVerified] })))).not.toEqual([]);
    });

    it('refuses a wrong password and an unknown user', async () => {
      for (const login of [{ ...verification, password: 'not-the-password' }, { username: 'mallory', password: 'whatever-password' }]) {
        const p = producer(client('e2e-wrong-password', login));
        const facts = await refusal(p.connect());
        expect(facts).toContain('KafkaJSSASLAuthenticationError');
        expect(facts.join(' ')).toMatch(/invalid credentials/i);
      }
    });
  });

  describe('authorisation', () => {
    it("refuses a DocumentsVerified forged with another service's principal (TOPIC_AUTHORIZATION_FAILED)", async () => {
      // application-intake's own credentials are valid: it may write its own topics (here its dead-letter topic) ...
      const asIntake = producer(client('e2e-forger', intake));
      await asIntake.connect();
      const control = randomUUID();
      await asIntake.send({ topic: DEAD_LETTER_TOPICS.intake, messages: [{ key: control, value: 'acl check' }] });
      expect(await collectMessages(testKafka('e2e-security-check'), DEAD_LETTER_TOPICS.intake, { count: 1, filter: (m) => m.key === control })).toHaveLength(1);

      // ... but not verification's topic, and neither may issuance, which consumes it.
      const key = randomUUID();
      const facts = await refusal(asIntake.send({ topic: TOPICS.documentsVerified, messages: [{ key, value: forgedDocumentsVerified(key) }] }));
      expect(facts).toContain('TOPIC_AUTHORIZATION_FAILED');

      const asIssuance = producer(client('e2e-forger-2', issuance));
      await asIssuance.connect();
      expect(await refusal(asIssuance.send({ topic: TOPICS.documentsVerified, messages: [{ key, value: forgedDocumentsVerified(key) }] }))).toContain(
        'TOPIC_AUTHORIZATION_FAILED',
      );
      await nothingKeyed(TOPICS.documentsVerified, key);
    });

    it('refuses topic creation outside the own prefix', async () => {
      const admin = client('e2e-creator', intake).admin();
      await admin.connect();
      try {
        const facts = await refusal(admin.createTopics({ topics: [{ topic: `mpp.verification.e2e-${randomUUID()}.v1` }] }));
        expect(facts).toContain('TOPIC_AUTHORIZATION_FAILED');
      } finally {
        await admin.disconnect();
      }
    });

    it('refuses reading a topic the service does not consume, even with its own group', async () => {
      // permit-issuance consumes DocumentsVerified, ApplicationWithdrawn and OfficeConfigured: not submissions, not dead letters.
      expect(await consumeUntilCrash(consumer(client('e2e-reader', issuance), 'permit-issuance'), TOPICS.applicationSubmitted)).toContain(
        'TOPIC_AUTHORIZATION_FAILED',
      );
      expect(await consumeUntilCrash(consumer(client('e2e-reader-2', verification), 'document-verification'), DEAD_LETTER_TOPICS.issuance)).toContain(
        'TOPIC_AUTHORIZATION_FAILED',
      );
    });

    it("refuses another service's consumer group, its committed offsets and a group of its own invention", async () => {
      // A topic issuance may read, but through intake's group: the broker answers GROUP_AUTHORIZATION_FAILED,
      // which kafkajs reports as not finding the group coordinator.
      for (const groupId of ['application-intake', `permit-issuance-${randomUUID()}`]) {
        const facts = await consumeUntilCrash(consumer(client('e2e-group', issuance), groupId), TOPICS.documentsVerified);
        expect(facts.join(' ')).toMatch(/GROUP_AUTHORIZATION_FAILED|KafkaJSGroupCoordinatorNotFound/);
      }
      // Its committed offsets: the super user may read them, issuance may not even find the group's coordinator.
      const superUser = testKafka('e2e-offsets-admin').admin();
      const admin = client('e2e-offsets', issuance).admin();
      await Promise.all([superUser.connect(), admin.connect()]);
      try {
        await expect(superUser.fetchOffsets({ groupId: 'application-intake', topics: [TOPICS.documentsVerified] })).resolves.toHaveLength(1);
        const facts = await refusal(admin.fetchOffsets({ groupId: 'application-intake', topics: [TOPICS.documentsVerified] }));
        expect(facts.join(' ')).toMatch(/GROUP_AUTHORIZATION_FAILED|KafkaJSGroupCoordinatorNotFound|KafkaJSBrokerNotFound/);
      } finally {
        await Promise.all([superUser.disconnect(), admin.disconnect()]);
      }
    });
  });
});
