import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { AuditModule, createAuditTable } from '@mpp/audit';
import { DEAD_LETTER_HEADERS, EventEnvelope, EVENTS, SlaBreachedV1, VerificationStartedV1 } from '@mpp/contracts';
import { DatabaseModule } from '@mpp/persistence';
import { BaseServiceEnv, PlatformModule } from '@mpp/platform';
import { createServiceHarness, ServiceHarness, TEST_DATABASES } from '@mpp/testing';
import { ChangeRecorder } from './change-recorder';
import { EventConsumer } from './event-consumer';
import { KafkaProducer } from './kafka';
import { MessagingModule } from './messaging.module';
import { OfflineKafkaProducer, offlineMessaging } from './offline';
import { createMessagingTables } from './schema';

const SCHEMA = 'verification';

class CreateHarnessTables1700000000000 implements MigrationInterface {
  name = 'CreateHarnessTables1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await createMessagingTables(q, SCHEMA);
    await createAuditTable(q, SCHEMA);
    await q.query(`CREATE TABLE "${SCHEMA}"."overdue_cases" ("case_id" uuid PRIMARY KEY, "application_id" uuid NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${SCHEMA}"."overdue_cases"`);
  }
}

const database = {
  schema: SCHEMA,
  applicationName: 'harness-it',
  entities: [],
  migrations: [CreateHarnessTables1700000000000],
};

/** The use case of the tiny service: a started case is overdue at once (announced and audited). */
@Injectable()
class MarkOverdue {
  constructor(private readonly changes: ChangeRecorder) {}

  async apply(event: EventEnvelope<VerificationStartedV1>, manager: EntityManager): Promise<void> {
    const { applicationId, applicationNumber, officeCode, caseId } = event.payload;
    await manager.query(`INSERT INTO "${SCHEMA}"."overdue_cases" VALUES ($1, $2)`, [caseId, applicationId]);
    const now = new Date().toISOString();
    const payload: SlaBreachedV1 = { applicationId, applicationNumber, officeCode, caseId, stage: 'VERIFICATION', dueAt: now, detectedAt: now };
    await this.changes.record(
      manager,
      { event: EVENTS.SlaBreached, aggregateId: applicationId, tenant: officeCode, payload },
      { action: 'case.sla-breached', subjectType: 'verification-case', subjectId: caseId },
    );
  }
}

/** A service in miniature, built the way the real ones are (platform, database, messaging, audit). */
function tinyServiceModule() {
  class HarnessEnv extends BaseServiceEnv {
    override PORT = 3999;
  }
  @Module({
    imports: [
      PlatformModule.forService({ serviceName: 'harness-it', env: HarnessEnv }),
      DatabaseModule.forService(database),
      MessagingModule.forService({
        serviceName: 'harness-it',
        schema: SCHEMA,
        consumerGroup: 'harness-it',
        deadLetterTopic: 'harness-it.dead-letter.v1',
        topics: [],
      }),
      AuditModule,
    ],
    providers: [MarkOverdue],
  })
  class TinyServiceModule {}
  return TinyServiceModule;
}

function started(): VerificationStartedV1 {
  return {
    applicationId: randomUUID(),
    applicationNumber: 'MPP-3373-2026-000001',
    officeCode: '3373',
    caseId: randomUUID(),
    checklist: ['KTP'],
    automaticChecks: [],
    startedAt: new Date().toISOString(),
  };
}

describe('service harness', () => {
  let h: ServiceHarness;

  beforeAll(async () => {
    h = await createServiceHarness({ appModule: tinyServiceModule, database, role: 'verification_svc', overrides: offlineMessaging() });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('runs the service on a migrated database of its own, as the service role', async () => {
    expect(h.databaseName).not.toBe(TEST_DATABASES.integration);
    expect(h.databaseName.startsWith(`${TEST_DATABASES.integration}_${SCHEMA}_`)).toBe(true);
    expect(await h.dataSource.query('SELECT current_user AS "user", current_database() AS db')).toEqual([
      { user: 'verification_svc', db: h.databaseName },
    ]);
    const { rows } = await h.pg.query(`SELECT "name" FROM "${SCHEMA}"."${SCHEMA}_migrations"`);
    expect(rows.map((r) => r.name)).toEqual(['CreateHarnessTables1700000000000']);
  });

  it('hands an event to a handler in its context and shows the events and audit entries written', async () => {
    const event = h.envelope(EVENTS.VerificationStarted, started());
    await h.handle(event, (e, m) => h.get(MarkOverdue).apply(e, m));

    const { rows } = await h.pg.query(`SELECT * FROM "${SCHEMA}"."overdue_cases" WHERE "case_id" = $1`, [event.payload.caseId]);
    expect(rows).toHaveLength(1);
    const [written] = await h.events(EVENTS.SlaBreached, event.aggregateId);
    expect(written).toMatchObject({
      type: 'SlaBreached',
      tenant: '3373',
      correlationId: event.correlationId,
      causationId: event.eventId,
      payload: { caseId: event.payload.caseId, stage: 'VERIFICATION' },
    });
    const [outboxRow] = await h.outbox({ aggregateId: event.aggregateId });
    expect(outboxRow.publishedAt).toBeNull(); // the relay is idle: nothing leaves for Kafka
    const audit = await h.auditLog({ subjectId: event.payload.caseId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'case.sla-breached', office: '3373', actor: { kind: 'system' }, correlationId: event.correlationId });
  });

  it('drives the real consumer with a record: applied once, and an invalid record dead-lettered without a broker', async () => {
    const consumer = h.get(EventConsumer);
    const handler = (e: EventEnvelope<VerificationStartedV1>, m: EntityManager) => h.get(MarkOverdue).apply(e, m);
    const event = h.envelope(EVENTS.VerificationStarted, started());
    expect(await consumer.consumeRecord(EVENTS.VerificationStarted, h.record(EVENTS.VerificationStarted, event), handler)).toBe('processed');
    expect(await consumer.consumeRecord(EVENTS.VerificationStarted, h.record(EVENTS.VerificationStarted, event, '1'), handler)).toBe('duplicate');
    expect(await h.events(EVENTS.SlaBreached, event.aggregateId)).toHaveLength(1);

    const broken = h.envelope(EVENTS.VerificationStarted, { ...started(), caseId: 'not-a-uuid' });
    expect(await consumer.consumeRecord(EVENTS.VerificationStarted, h.record(EVENTS.VerificationStarted, broken, '2'), handler)).toBe('dead-lettered');
    const producer = h.get(KafkaProducer) as unknown as OfflineKafkaProducer;
    const letter = producer.sent.find((s) => s.topic === 'harness-it.dead-letter.v1');
    expect(letter?.messages[0].headers?.[DEAD_LETTER_HEADERS.error]).toContain('payload.caseId');
  });

  it('runs code in a request context whose correlation id reaches the outbox and the audit log', async () => {
    const payload = started();
    const event = h.envelope(EVENTS.VerificationStarted, payload);
    await h.transaction((m) => h.get(MarkOverdue).apply(event, m), { correlationId: 'corr-harness' });
    const [written] = await h.events(EVENTS.SlaBreached, payload.applicationId);
    expect(written.correlationId).toBe('corr-harness');
    expect(written.causationId).toBeUndefined();
    expect((await h.auditLog({ subjectId: payload.caseId }))[0].correlationId).toBe('corr-harness');
  });
});
