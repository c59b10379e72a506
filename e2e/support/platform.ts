import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { parse } from 'yaml';
import { startDevIssuer } from '@mpp/dev-issuer';
import {
  eventually,
  REPO_ROOT,
  RunningService,
  serviceDatabaseEnv,
  ServiceName,
  serviceKafkaEnv,
  startService,
  TEST_DATABASES,
  TEST_KAFKA_BROKERS,
  TEST_REDIS_PREFIX,
  TEST_REDIS_URL,
  testKafka,
} from '@mpp/testing';

/** The services' ports in end-to-end tests; `MPP_E2E_PORT_BASE` moves them (two checkouts at once). */
const base = Number(process.env.MPP_E2E_PORT_BASE ?? 13001);
export const PORTS = { intake: base, verification: base + 1, issuance: base + 2 };
/** The portal's port in end-to-end tests (portal.e2e-spec.ts and the browser tests), beside the services'. */
export const PORTAL_PORT = base + 3;
/** The notification service's port (after the portal's and the second portal's of the auth tests). */
export const NOTIFICATION_PORT = base + 5;

export interface RunningPlatform {
  intake: string;
  verification: string;
  issuance: string;
  issuerUrl: string;
  /** The notification service, when started (`startPlatform(env, { notification })`). */
  notification?: string;
  /** SIGKILLs a running service and starts it again with the same settings; resolves once it is ready. */
  crash(name: ServiceName, downMs?: number): Promise<void>;
  /** An access token of a demo officer (see tools/dev-issuer), minted by the test's own issuer. */
  token(username: string, overrides?: Parameters<Awaited<ReturnType<typeof startDevIssuer>>['tokenFor']>[1]): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The services as separate processes, like production, against the test broker (each as its own
 * Kafka principal) and the e2e database, trusting a development token issuer started for the test. The
 * notification service joins them when `options.notification` gives its settings (at least SMTP_URL): an
 * opt-in, so the specs that do not look at messages do not wait for a fourth process. `options.database`
 * replaces the e2e database (a restored copy, backup-restore.e2e-spec.ts).
 */
export async function startPlatform(
  env: Record<string, string> = {},
  options: { notification?: Record<string, string>; database?: string; skipPastEvents?: boolean } = {},
): Promise<RunningPlatform> {
  // The portal's login callback (startPortal, on PORTAL_PORT or the next port) is a registered redirect URI.
  const redirectUris = [PORTAL_PORT, PORTAL_PORT + 1].flatMap((port) => [`http://127.0.0.1:${port}/auth/callback`, `http://localhost:${port}/auth/callback`]);
  const issuer = await startDevIssuer({ port: 0, host: '127.0.0.1', redirectUris });
  const db = options.database ?? TEST_DATABASES.e2e;
  const common = {
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
    LOG_LEVEL: 'info',
    OIDC_ISSUER: issuer.url,
    OIDC_AUDIENCE: 'mpp-platform',
    // Limits out of the way of the functional tests (rate-limits.e2e-spec.ts tests them); counters in the
    // test Redis under this checkout's prefix.
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_OFFICER_PER_MINUTE: '100000',
    REDIS_URL: TEST_REDIS_URL,
    RATE_LIMIT_KEY_PREFIX: `${TEST_REDIS_PREFIX}:e2e`,
    SLA_CHECK_INTERVAL_MS: '500',
    ...env,
  };
  const issuance = `http://127.0.0.1:${PORTS.issuance}`;
  const settings: Partial<Record<ServiceName, Record<string, string>>> = {
    'application-intake': { ...serviceKafkaEnv('application-intake'), ...common, PORT: String(PORTS.intake), ...serviceDatabaseEnv('intake_svc', db) },
    'document-verification': { ...serviceKafkaEnv('document-verification'), ...common, PORT: String(PORTS.verification), ...serviceDatabaseEnv('verification_svc', db) },
    'permit-issuance': { ...serviceKafkaEnv('permit-issuance'), ...common, PORT: String(PORTS.issuance), ...serviceDatabaseEnv('issuance_svc', db), PUBLIC_BASE_URL: issuance },
    ...(options.notification
      ? {
          notification: {
            ...serviceKafkaEnv('notification'),
            ...common,
            PORT: String(NOTIFICATION_PORT),
            ...serviceDatabaseEnv('notification_svc', db),
            NOTIFY_PUBLIC_URL: `http://127.0.0.1:${NOTIFICATION_PORT}`,
            ...options.notification,
          },
        }
      : {}),
  };
  const services: RunningService[] = [];
  try {
    // `skipPastEvents`: every service starts at the end of its topics (the chaos run counts dead letters).
    for (const name of Object.keys(settings)) if (name === 'notification' || options.skipPastEvents) await skipPastEvents(name);
    services.push(...(await Promise.all(Object.entries(settings).map(([name, env]) => startService(name as ServiceName, env)))));
  } catch (err) {
    await issuer.stop();
    throw err;
  }
  return {
    intake: `http://127.0.0.1:${PORTS.intake}`,
    verification: `http://127.0.0.1:${PORTS.verification}`,
    issuance,
    issuerUrl: issuer.url,
    ...(options.notification ? { notification: `http://127.0.0.1:${NOTIFICATION_PORT}` } : {}),
    crash: async (name, downMs = 0) => {
      const running = services.find((s) => s.name === name);
      const env = settings[name];
      if (!running || !env) throw new Error(`${name} is not running in this platform`);
      await running.kill();
      services.splice(services.indexOf(running), 1);
      await new Promise((r) => setTimeout(r, downMs));
      // Into the one list `stop` reads, after the await: `services.push(await …)` would push into the list
      // as it was before the await, which another crash meanwhile replaced, and the restarted process
      // outlived the run (holding its port, and keeping Jest from exiting).
      const restarted = await startService(name, env, 180_000); // a restart may wait for a restarting broker
      services.push(restarted);
    },
    token: (username, overrides) => issuer.tokenFor(username, overrides),
    stop: async () => {
      await Promise.all(services.map((s) => s.stop()));
      await issuer.stop();
    },
  };
}

/** Prefix of the portal's session keys in the test Redis (this checkout's own). */
export const PORTAL_SESSION_PREFIX = `${TEST_REDIS_PREFIX}:portal`;

/** The topics a service consumes, as the event catalogue says (its `receive` operations). */
export function consumedTopics(service: string): string[] {
  const catalogue = parse(readFileSync(join(REPO_ROOT, 'libs/contracts/asyncapi.yaml'), 'utf8'));
  return Object.values<Json>(catalogue.operations)
    .filter((op) => op.action === 'receive' && op.tags[0].name === service)
    .map((op) => catalogue.channels[op.channel.$ref.split('/').pop()].address);
}

/**
 * Moves a stopped service's consumer group to the end of the topics it consumes: the events other test
 * files published while it was not running (thousands, for applicants of other tests) are not this test's,
 * and working them off would only delay it. Events published from here on are consumed as usual.
 *
 * One consumer of the group, for all the topics at once, seeks every partition to its end offset (with
 * automatic commits on, kafkajs commits a seek before its next fetch) and leaves after that fetch. kafkajs'
 * admin.setOffsets does the same a topic at a time, each waiting out a fetch of its own (5 s by default),
 * and its resetOffsets commits -1, which a consumer reads as "no offset" and so starts from the beginning.
 */
async function skipPastEvents(service: string): Promise<void> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  let ends: { topic: string; partitions: { partition: number; high: string }[] }[];
  try {
    const existing = new Set(await admin.listTopics());
    const topics = consumedTopics(service).filter((t) => existing.has(t));
    ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
    // A previous test file's process may still be leaving the group.
    await eventually(async () => {
      const [group] = (await admin.describeGroups([service])).groups;
      return ['Empty', 'Dead'].includes(group.state) ? true : undefined;
    }, 30_000);
  } finally {
    await admin.disconnect();
  }
  if (ends.length === 0) return;
  const consumer = kafka.consumer({ groupId: service, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: ends.map(({ topic }) => topic), fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => resolve());
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause(ends.map(({ topic }) => ({ topic })));
      for (const { topic, partitions } of ends) {
        for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
      }
    });
  } finally {
    await consumer.disconnect();
  }
  // The commits are the group's offsets now: check rather than trust.
  const check = kafka.admin();
  await check.connect();
  try {
    for (const { topic, partitions } of ends) {
      const [committed] = await check.fetchOffsets({ groupId: service, topics: [topic] });
      for (const { partition, high } of partitions) {
        const offset = committed.partitions.find((p) => p.partition === partition)?.offset;
        if (offset !== high) throw new Error(`skipPastEvents(${service}): ${topic}[${partition}] is at ${offset}, not at its end ${high}`);
      }
    }
  } finally {
    await check.disconnect();
  }
}

/**
 * The portal (services/portal, built by `npm run build`) as its own process in front of a running platform,
 * on PORTAL_PORT (or `env.PORT`), its officers signing in at the platform's development issuer, their
 * sessions in the test Redis. Start the platform with `TRUSTED_PROXIES: 'loopback'` so that the services
 * take the end user's address from the portal's X-Forwarded-For.
 */
export function startPortal(
  platform: Pick<RunningPlatform, 'intake' | 'verification' | 'issuance'> & Partial<Pick<RunningPlatform, 'issuerUrl'>>,
  env: Record<string, string> = {},
): Promise<RunningService> {
  const port = env.PORT ?? String(PORTAL_PORT);
  return startService('portal', {
    PORT: port,
    LOG_LEVEL: 'info',
    INTAKE_URL: platform.intake,
    VERIFICATION_URL: platform.verification,
    ISSUANCE_URL: platform.issuance,
    ...(platform.issuerUrl ? { OIDC_ISSUER: platform.issuerUrl } : {}),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    REDIS_URL: TEST_REDIS_URL,
    SESSION_KEY_PREFIX: PORTAL_SESSION_PREFIX,
    ...env,
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are checked by the assertions
export type Json = any;

export async function call(
  url: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: Json }> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const send = () =>
    fetch(url, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
  let res: Response;
  try {
    res = await send();
  } catch (err) {
    // A kept-alive connection that the server closed as it was reused ("other side closed"; seen on a
    // loaded machine after a pause of about the server's 5 s keep-alive): a GET is safe to send again.
    if (method !== 'GET' || (err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    res = await send();
  }
  const text = await res.text();
  let body: Json = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body };
}

/** A valid application; `overrides` replace parts of it. */
export function application(overrides: { nik?: string; kbli?: string; capital?: number; officeCode?: string; regionCode?: string } = {}) {
  return {
    officeCode: overrides.officeCode ?? '3373',
    applicant: { nik: overrides.nik ?? '3373014508900001', name: 'Siti Rahayu', email: 'siti@example.id', npwp: '01.312.166.0-091.000' },
    business: {
      name: 'Warung Bu Siti',
      kbli: overrides.kbli ?? '47112',
      capital: overrides.capital ?? 50_000_000,
      address: { regionCode: overrides.regionCode ?? '33.73.01.1001', street: 'Jl. Jenderal Sudirman No. 12' },
    },
  };
}

/** A small but real PDF, for uploads. */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export function uploadDocument(
  platform: RunningPlatform,
  app: { applicationNumber: string; trackingCode: string },
  type: string,
  bytes: Buffer = SAMPLE_PDF,
  fileName = `${type.toLowerCase()}.pdf`,
) {
  const form = new FormData();
  form.append('type', type);
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), fileName);
  return fetch(`${platform.intake}/api/v1/applications/${app.applicationNumber}/documents`, {
    method: 'POST',
    headers: { 'x-tracking-code': app.trackingCode },
    body: form,
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as Json }));
}

/**
 * What a real applicant and verifier do before an approval: upload every checklist document, then the
 * verifier accepts each once it has reached the case.
 */
export async function documentsAccepted(
  platform: RunningPlatform,
  app: { applicationNumber: string; trackingCode: string },
  caseId: string,
  verifierToken: string,
): Promise<void> {
  const view = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
  const checklist: string[] = view.body.checklist;
  for (const type of checklist) {
    const uploaded = await uploadDocument(platform, app, type);
    if (uploaded.status !== 201) throw new Error(`upload of ${type} answered ${uploaded.status}: ${JSON.stringify(uploaded.body)}`);
  }
  const documents = await eventually<Json[]>(async () => {
    const r = await call(`${platform.verification}/api/v1/cases/${caseId}/documents`, { token: verifierToken });
    return r.status === 200 && r.body.length === checklist.length ? r.body : undefined;
  });
  for (const document of documents) {
    const decided = await call(`${platform.verification}/api/v1/cases/${caseId}/documents/${document.id}/decision`, {
      body: { decision: 'ACCEPTED' },
      token: verifierToken,
    });
    if (decided.status !== 200) throw new Error(`accepting ${document.type} answered ${decided.status}`);
  }
}

/** How many applications intake holds (to show that a refused request stored nothing). */
export async function applicationCount(pg: Pick<Client, 'query'>): Promise<number> {
  const { rows } = await pg.query('SELECT count(*)::int AS n FROM intake.applications');
  return rows[0].n;
}
