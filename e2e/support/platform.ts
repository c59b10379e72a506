import { startDevIssuer } from '@mpp/dev-issuer';
import { RunningService, serviceDatabaseUrl, startService, TEST_DATABASES, TEST_KAFKA_BROKERS } from '@mpp/testing';

export const PORTS = { intake: 13001, verification: 13002, issuance: 13003 };

export interface RunningPlatform {
  intake: string;
  verification: string;
  issuance: string;
  issuerUrl: string;
  /** An access token of a demo officer (see tools/dev-issuer), minted by the test's own issuer. */
  token(username: string, overrides?: Parameters<Awaited<ReturnType<typeof startDevIssuer>>['tokenFor']>[1]): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The three services as separate processes, like production, against the test broker and the e2e
 * database, trusting a development token issuer started for the test.
 */
export async function startPlatform(env: Record<string, string> = {}): Promise<RunningPlatform> {
  const issuer = await startDevIssuer({ port: 0, host: '127.0.0.1' });
  const db = TEST_DATABASES.e2e;
  const common = {
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
    LOG_LEVEL: 'info',
    OIDC_ISSUER: issuer.url,
    OIDC_AUDIENCE: 'mpp-platform',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  };
  const issuance = `http://127.0.0.1:${PORTS.issuance}`;
  let services: RunningService[] = [];
  try {
    services = await Promise.all([
      startService('application-intake', { ...common, PORT: String(PORTS.intake), DATABASE_URL: serviceDatabaseUrl('intake_svc', db) }),
      startService('document-verification', { ...common, PORT: String(PORTS.verification), DATABASE_URL: serviceDatabaseUrl('verification_svc', db) }),
      startService('permit-issuance', { ...common, PORT: String(PORTS.issuance), DATABASE_URL: serviceDatabaseUrl('issuance_svc', db), PUBLIC_BASE_URL: issuance }),
    ]);
  } catch (err) {
    await issuer.stop();
    throw err;
  }
  return {
    intake: `http://127.0.0.1:${PORTS.intake}`,
    verification: `http://127.0.0.1:${PORTS.verification}`,
    issuance,
    issuerUrl: issuer.url,
    token: (username, overrides) => issuer.tokenFor(username, overrides),
    stop: async () => {
      await Promise.all(services.map((s) => s.stop()));
      await issuer.stop();
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are checked by the assertions
export type Json = any;

export async function call(
  url: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: Json }> {
  const res = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
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
