/**
 * Service harness: fast service-level tests. Each consumer handler and use case runs against the real
 * PostgreSQL with a record handed to it directly: no broker, no HTTP.
 *
 * ```ts
 * import { EVENTS } from '@mpp/contracts';
 * import { EventConsumer, offlineMessaging } from '@mpp/messaging';
 * import { createServiceHarness, ServiceHarness } from '@mpp/testing';
 * import { intakeDatabase } from '../database/intake-database';
 *
 * let h: ServiceHarness;
 * beforeAll(async () => {
 *   h = await createServiceHarness({
 *     // Loaded lazily: a service validates its configuration when app.module is first imported, so the
 *     // harness sets the environment first. Do not import app.module statically in the test file.
 *     appModule: async () => (await import('../app.module')).AppModule,
 *     database: intakeDatabase,
 *     role: 'intake_svc',
 *     overrides: offlineMessaging(), // Kafka kept out; see below
 *   });
 * });
 * afterAll(() => h?.close());
 *
 * it('records the status change', async () => {
 *   const e = h.envelope(EVENTS.VerificationStarted, payload);               // a record, as a consumer gets it
 *   await h.handle(e, (event, manager) => h.get(StatusProjection).apply(event, manager));
 *   // or through the real consumer (contract validation, inbox, dead letters):
 *   // await h.get(EventConsumer).consumeRecord(EVENTS.VerificationStarted, h.record(e), handler);
 *   expect(await h.events(EVENTS.ApplicationStatusChanged, e.aggregateId)).toHaveLength(1);
 *   expect((await h.auditLog({ subjectId: e.aggregateId })).map((a) => a.action)).toContain('...');
 * });
 * ```
 *
 * What it does:
 * - recreates a database of its own for the test file, `<integration db>_<schema>_<test file>`, with the
 *   per-service roles and schemas (so the migrations test on the shared integration database still starts
 *   from nothing, and test files do not see each other's rows);
 * - builds a Nest application context (no HTTP server, no Kafka consumer) from the service's AppModule,
 *   connected as the service's runtime role (migrations as the schema's owner role), with a dev OIDC issuer
 *   value, a temporary document directory, the test Redis under the run's key prefix (`TEST_REDIS_URL`,
 *   `TEST_REDIS_PREFIX`) and an unreachable Kafka address; migrations run at start-up (`DB_MIGRATE_ON_START`), then the service's
 *   own bootstrap hooks (office seeding, ...);
 * - `overrides` replace providers. Pass `offlineMessaging()` from `@mpp/messaging`: it replaces the Kafka
 *   producer with one that records what would be sent (dead letters) and the outbox relay with one that
 *   never starts, so outbox rows stay where the test can read them. (This library may not import
 *   `@mpp/messaging` itself: the Nx tag rules forbid it, and messaging's own tests import this library.)
 *
 * One harness per test file: the module registry, and so the validated configuration, is per file.
 */
import { randomUUID, createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { EVENT_HEADERS, EventActor, EventDefinition, EventEnvelope } from '@mpp/contracts';
import { ServiceDatabaseOptions } from '@mpp/persistence';
import { runInContext } from '@mpp/platform';
import { recreateDatabase, superuserClient } from './database';
import { migrationDatabaseUrl, serviceDatabaseUrl, ServiceRole, TEST_DATABASES, TEST_REDIS_PREFIX, TEST_REDIS_URL } from './env';
import { serviceKafkaEnv } from './kafka';
import { ServiceName } from './services';

/** A provider replaced in the service under test. */
export interface ProviderOverride {
  provide: unknown;
  useValue: unknown;
}

export interface ServiceHarnessOptions {
  /** Returns the service's root module; import it lazily (see the header). */
  appModule: () => Promise<Type<unknown>> | Type<unknown>;
  /** The service's database options (`intakeDatabase`, ...): schema, entities, migrations. */
  database: Omit<ServiceDatabaseOptions, 'url'>;
  /** The service's own login role. */
  role: ServiceRole;
  overrides?: ProviderOverride[];
  /** Extra or different environment variables for the service. */
  env?: Record<string, string>;
  /** Distinguishes the database; defaults to the test file's name. */
  name?: string;
}

/** An event as written to the outbox by the service under test. */
export interface OutboxEvent<T = Record<string, unknown>> {
  id: string;
  topic: string;
  type: string;
  aggregateId: string;
  envelope: EventEnvelope<T>;
  headers: Record<string, string>;
  publishedAt: Date | null;
}

/** A row of the service's audit log. */
export interface AuditRow {
  id: string;
  at: Date;
  office: string | null;
  actor: { kind: string; id: string; role: string | null };
  action: string;
  subject: { type: string; id: string };
  sourceIp: string | null;
  correlationId: string | null;
  details: Record<string, unknown>;
}

/** Ids of the request or consumed event a piece of code runs in. */
export interface ContextIds {
  correlationId?: string;
  causationId?: string;
}

/** Envelope fields a test may set; the rest come from the definition, the payload or fresh ids. */
export interface EnvelopeOptions {
  eventId?: string;
  correlationId?: string;
  causationId?: string;
  occurredAt?: string;
  /** Default: `payload.officeCode`. */
  tenant?: string;
  /** Default: `payload.applicationId`. */
  aggregateId?: string;
  actor?: EventActor;
}

/** The shape of a consumed Kafka record (`RawRecord` of `@mpp/messaging`). */
export interface HarnessRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface ServiceHarness {
  readonly app: TestingModule;
  /** The service's own connection (its role and schema). */
  readonly dataSource: DataSource;
  /** A superuser connection to the same database, for assertions and arrangements on any table. */
  readonly pg: Client;
  readonly databaseName: string;
  readonly schema: string;
  /** A provider of the service: `h.get(SubmitApplicationService)`. */
  get<T>(token: Type<T> | string | symbol): T;
  /** Everything the service wrote to its outbox, oldest first. */
  outbox(filter?: { type?: string; aggregateId?: string }): Promise<OutboxEvent[]>;
  /** The envelopes of one event type written to the outbox (optionally for one aggregate), oldest first. */
  events<T extends object>(definition: EventDefinition<T>, aggregateId?: string): Promise<EventEnvelope<T>[]>;
  /** The service's audit log, oldest first. */
  auditLog(filter?: { action?: string; subjectId?: string }): Promise<AuditRow[]>;
  /** A valid envelope of `definition` around `payload`, as another service would have published it. */
  envelope<T extends object>(definition: EventDefinition<T>, payload: T, options?: EnvelopeOptions): EventEnvelope<T>;
  /** The Kafka record carrying an envelope, for `EventConsumer.consumeRecord`. */
  record<T extends object>(definition: EventDefinition<T>, envelope: EventEnvelope<T>, offset?: string): HarnessRecord;
  /** Runs `fn` in a request/event context (correlation id for the outbox and the audit log). */
  inContext<R>(fn: () => Promise<R>, ids?: ContextIds): Promise<R>;
  /** Runs `fn` in one transaction of the service's connection, inside a context. */
  transaction<R>(fn: (manager: EntityManager) => Promise<R>, ids?: ContextIds): Promise<R>;
  /**
   * Hands a consumed event to a handler the way the consumer does (in the event's context: its correlation
   * id, the event as causation; one transaction), without the contract check and inbox of `EventConsumer`.
   */
  handle<T>(event: EventEnvelope<T>, handler: (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** The Kafka principal of the service whose database role this is (its login, should a test give it a broker). */
const PRINCIPAL_OF_ROLE: Record<ServiceRole, ServiceName> = {
  intake_svc: 'application-intake',
  verification_svc: 'document-verification',
  issuance_svc: 'permit-issuance',
  notification_svc: 'notification',
};

/** An address where no broker listens: a provider that was not overridden fails fast instead of publishing. */
const NO_BROKER = '127.0.0.1:9';
/** An issuer URL for the configuration; nothing is fetched from it unless a token is verified. */
const DEV_OIDC_ISSUER = 'http://127.0.0.1:9/dev-issuer';

function databaseSuffix(name: string | undefined): string {
  const source = name ?? expect.getState().testPath ?? 'harness';
  const base = path.basename(source).replace(/\.(int-)?spec\.ts$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 6);
  return `${base.slice(0, 24)}_${hash}`;
}

export async function createServiceHarness(options: ServiceHarnessOptions): Promise<ServiceHarness> {
  const { schema } = options.database;
  const databaseName = `${TEST_DATABASES.integration}_${schema}_${databaseSuffix(options.name)}`.slice(0, 63);
  await recreateDatabase(databaseName);
  const documentDir = mkdtempSync(path.join(tmpdir(), 'mpp-harness-'));
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: serviceDatabaseUrl(options.role, databaseName),
    MIGRATION_DATABASE_URL: migrationDatabaseUrl(options.role, databaseName),
    DB_MIGRATE_ON_START: 'true',
    KAFKA_BROKERS: NO_BROKER,
    ...serviceKafkaEnv(PRINCIPAL_OF_ROLE[options.role]),
    OIDC_ISSUER: DEV_OIDC_ISSUER,
    DOCUMENT_STORE: 'filesystem',
    DOCUMENT_STORE_DIR: documentDir,
    // Rate-limit counters: the test Redis, under this run's prefix (the Redis is shared).
    REDIS_URL: TEST_REDIS_URL,
    RATE_LIMIT_KEY_PREFIX: `${TEST_REDIS_PREFIX}:harness`,
    ...options.env,
  });

  const builder = Test.createTestingModule({ imports: [await options.appModule()] });
  for (const o of options.overrides ?? []) builder.overrideProvider(o.provide).useValue(o.useValue);
  const app = await builder.compile();
  let pg: Client | undefined;
  try {
    await app.init();
    pg = await superuserClient(databaseName);
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  const superuser = pg;
  const dataSource = app.get(DataSource);

  const inContext = <R>(fn: () => Promise<R>, ids: ContextIds = {}) =>
    runInContext({ correlationId: ids.correlationId ?? randomUUID(), causationId: ids.causationId }, fn);

  const outbox: ServiceHarness['outbox'] = async (filter = {}) => {
    const { rows } = await superuser.query(
      `SELECT "id", "topic", "type", "aggregateid", "payload", "headers", "published_at" FROM "${schema}"."outbox"
       WHERE ($1::text IS NULL OR "type" = $1) AND ($2::text IS NULL OR "aggregateid" = $2) ORDER BY "id"`,
      [filter.type ?? null, filter.aggregateId ?? null],
    );
    return rows.map((r) => ({
      id: String(r.id),
      topic: r.topic,
      type: r.type,
      aggregateId: r.aggregateid,
      envelope: r.payload,
      headers: r.headers,
      publishedAt: r.published_at,
    }));
  };

  return {
    app,
    dataSource,
    pg: superuser,
    databaseName,
    schema,
    get: (token) => app.get(token, { strict: false }),
    outbox,
    async events(definition, aggregateId) {
      const rows = await outbox({ type: definition.type, aggregateId });
      return rows.map((r) => r.envelope as unknown as EventEnvelope<never>);
    },
    async auditLog(filter = {}) {
      const { rows } = await superuser.query(
        `SELECT * FROM "${schema}"."audit_log"
         WHERE ($1::text IS NULL OR "action" = $1) AND ($2::text IS NULL OR "subject_id" = $2) ORDER BY "id"`,
        [filter.action ?? null, filter.subjectId ?? null],
      );
      return rows.map((r) => ({
        id: String(r.id),
        at: r.at,
        office: r.office_code?.trim() ?? null,
        actor: { kind: r.actor_kind, id: r.actor_id, role: r.actor_role },
        action: r.action,
        subject: { type: r.subject_type, id: r.subject_id },
        sourceIp: r.source_ip,
        correlationId: r.correlation_id,
        details: r.details,
      }));
    },
    envelope(definition, payload, o = {}) {
      const fields = payload as { officeCode?: unknown; applicationId?: unknown };
      const tenant = o.tenant ?? (typeof fields.officeCode === 'string' ? fields.officeCode : undefined);
      const aggregateId = o.aggregateId ?? (typeof fields.applicationId === 'string' ? fields.applicationId : undefined);
      if (!tenant || !aggregateId) throw new Error(`envelope(${definition.type}): pass tenant and aggregateId (the payload has no officeCode/applicationId)`);
      return {
        eventId: o.eventId ?? randomUUID(),
        type: definition.type,
        version: definition.version,
        occurredAt: o.occurredAt ?? new Date().toISOString(),
        correlationId: o.correlationId ?? randomUUID(),
        ...(o.causationId ? { causationId: o.causationId } : {}),
        tenant,
        ...(o.actor ? { actor: o.actor } : {}),
        aggregateId,
        payload,
      };
    },
    record(definition, envelope, offset = '0') {
      return {
        topic: definition.topic,
        partition: 0,
        offset,
        key: envelope.aggregateId,
        value: JSON.stringify(envelope),
        headers: {
          [EVENT_HEADERS.eventId]: envelope.eventId,
          [EVENT_HEADERS.eventType]: envelope.type,
          [EVENT_HEADERS.correlationId]: envelope.correlationId,
          [EVENT_HEADERS.tenant]: envelope.tenant,
        },
      };
    },
    inContext,
    transaction: (fn, ids) => inContext(() => dataSource.transaction(fn), ids),
    handle: (event, handler) =>
      inContext(() => dataSource.transaction((manager) => handler(event, manager)), {
        correlationId: event.correlationId,
        causationId: event.eventId,
      }),
    async close() {
      await app.close();
      await superuser.end();
      rmSync(documentDir, { recursive: true, force: true });
    },
  };
}
