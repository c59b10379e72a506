import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestSmtpServer, TestSmtpServer } from '@mpp/testing';
import { call, Json, RunningPlatform, startPlatform } from './support/platform';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'tmp', 'openapi');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Operation {
  id: string;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, Json>;
}

function operationsOf(document: Json): Operation[] {
  return Object.entries<Json>(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ id: `${m.toUpperCase()} ${path}`, ...item[m] })),
  );
}

/** Redocly's lint of one document: `{ totals: { errors, warnings }, problems }` (exit code 1 on errors). */
async function lint(file: string): Promise<{ totals: { errors: number; warnings: number }; problems: Json[] }> {
  const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  const args = [cli, 'lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', file];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  try {
    const { stdout } = await run(process.execPath, args, { env, maxBuffer: 10 * 1024 * 1024 });
    return JSON.parse(stdout);
  } catch (err) {
    const stdout = (err as { stdout?: string }).stdout;
    if (stdout?.trim().startsWith('{')) return JSON.parse(stdout);
    throw err;
  }
}

/** Each service's OpenAPI document (`/docs-json`) is lint-clean and names only security schemes it defines. */
describe('OpenAPI documents', () => {
  let platform: RunningPlatform;
  let smtp: TestSmtpServer;
  const documents: Record<string, Json> = {};

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    platform = await startPlatform({}, { notification: { SMTP_URL: smtp.url } });
    await mkdir(OUT, { recursive: true });
    for (const [name, url] of Object.entries({ intake: platform.intake, verification: platform.verification, issuance: platform.issuance, notification: platform.notification as string })) {
      const res = await call(`${url}/docs-json`);
      expect(res.status).toBe(200);
      documents[name] = res.body;
      await writeFile(join(OUT, `${name}.json`), JSON.stringify(res.body, null, 2));
    }
  });

  afterAll(async () => {
    await platform?.stop();
    await smtp?.stop();
  });

  it.each(['intake', 'verification', 'issuance', 'notification'])('%s: Redocly lint reports no errors', async (name) => {
    const report = await lint(join(OUT, `${name}.json`));
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // Warnings are allowed, but few.
    expect(report.totals.warnings).toBeLessThanOrEqual(10);
  });

  it.each(['intake', 'verification', 'issuance', 'notification'])('%s: every security requirement names a defined scheme; every operation states its security', (name) => {
    const document = documents[name];
    const defined = Object.keys(document.components?.securitySchemes ?? {});
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) {
      expect({ op: op.id, security: Array.isArray(op.security) }).toEqual({ op: op.id, security: true });
      const named = (op.security ?? []).flatMap((requirement) => Object.keys(requirement));
      expect({ op: op.id, undefined: named.filter((n) => !defined.includes(n)) }).toEqual({ op: op.id, undefined: [] });
    }
    expect(defined).toContain('officer-token');
    expect(document.components.securitySchemes['officer-token']).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents public operations without security, and the tracking code as an apiKey in X-Tracking-Code', () => {
    const find = (name: string, id: string) => {
      const op = operationsOf(documents[name]).find((o) => o.id === id);
      if (!op) throw new Error(`${name}: no operation ${id}`);
      return op.security;
    };
    const publicOperations: Array<[string, string]> = [
      ['intake', 'GET /api/v1/reference/kbli'],
      ['intake', 'GET /api/v1/reference/regions'],
      ['intake', 'POST /api/v1/reference/nik-check'],
      ['intake', 'POST /api/v1/reference/assessment'],
      ['intake', 'GET /api/v1/offices'],
      ['intake', 'GET /health/live'],
      ['verification', 'GET /health/ready'],
      ['issuance', 'GET /api/v1/permits/{permitNumber}/verification'],
      ['issuance', 'POST /api/v1/permits/{permitNumber}/verification'],
      ['issuance', 'GET /api/v1/permits/{permitNumber}/certificate.pdf'],
      ['issuance', 'GET /api/v1/signing-keys/{keyId}'],
      // The unsubscribe link of an email carries its own token.
      ['notification', 'GET /api/v1/notifications/unsubscribe/{applicationId}/{token}'],
      ['notification', 'POST /api/v1/notifications/unsubscribe/{applicationId}/{token}'],
    ];
    for (const [name, id] of publicOperations) expect({ id, security: find(name, id) }).toEqual({ id, security: [] });

    // Anonymous, or an officer at the counter.
    expect(find('intake', 'POST /api/v1/applications')).toEqual(expect.arrayContaining([{}, { 'officer-token': [] }]));
    // The entrepreneur's tracking code, or an officer token.
    for (const id of [
      'GET /api/v1/applications/{applicationNumber}',
      'POST /api/v1/applications/{applicationNumber}/documents',
      'POST /api/v1/applications/{applicationNumber}/resubmit',
      'POST /api/v1/applications/{applicationNumber}/withdraw',
    ]) {
      const security = find('intake', id);
      expect({ id, security }).toEqual({ id, security: expect.arrayContaining([{ 'tracking-code': [] }, { 'officer-token': [] }]) });
      expect(security).toHaveLength(2);
    }
    expect(documents.intake.components.securitySchemes['tracking-code']).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Tracking-Code' }));

    // The head of office's decisions send the officer token.
    for (const id of ['POST /api/v1/approvals/{id}/approve', 'POST /api/v1/approvals/{id}/deny', 'POST /api/v1/permits/{permitNumber}/revoke']) {
      expect({ id, security: find('issuance', id) }).toEqual({ id, security: [{ 'officer-token': [] }] });
    }
  });

  it.each(['intake', 'verification', 'issuance', 'notification'])('%s: operations needing a token document 401, their 4xx answers use the error body', (name) => {
    const document = documents[name];
    for (const op of operationsOf(document)) {
      const needsOrAcceptsToken = (op.security ?? []).some((r) => 'officer-token' in r);
      if (needsOrAcceptsToken) expect({ op: op.id, has401: '401' in op.responses }).toEqual({ op: op.id, has401: true });
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        if (!/^4\d\d$/.test(status)) continue;
        const schema = response.content?.['application/json']?.schema;
        expect({ op: op.id, status, schema }).toEqual({ op: op.id, status, schema: { $ref: '#/components/schemas/ApiErrorView' } });
      }
    }
    expect(document.components.schemas.ApiErrorView.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message']));
  });

  it('documents weekendDays as the integers it validates', () => {
    const weekendDays = documents.intake.components.schemas.CalendarDto.properties.weekendDays;
    expect(weekendDays).toMatchObject({ type: 'array', items: { type: 'integer', minimum: 0, maximum: 6 } });
  });
});
