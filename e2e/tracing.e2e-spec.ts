import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventually, OtlpReceiver, ReceivedSpan, REPO_ROOT, RunningService, startOtlpReceiver } from '@mpp/testing';
import { application, call, Json, RunningPlatform, startPlatform, startPortal } from './support/platform';

const SERVICES = ['application-intake', 'document-verification', 'permit-issuance'] as const;

/** The JSON log lines of a service (startService appends its output to tmp/test-logs/<service>.log). */
function logLines(service: string): Json[] {
  return readFileSync(path.join(REPO_ROOT, 'tmp/test-logs', `${service}.log`), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/**
 * OpenTelemetry traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, the portal and the services export their spans
 * over OTLP/HTTP to a real receiver, and an application's journey from the HTTP request (through the portal)
 * through the outbox, Kafka and every consumer down to the database is one trace; the log lines carry its
 * trace id. (Without the variable nothing is started: libs/telemetry/src/settings.spec.ts.)
 */
describe('tracing across the services', () => {
  let receiver: OtlpReceiver;
  let platform: RunningPlatform;
  let portal: RunningService;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    platform = await startPlatform(tracing);
    portal = await startPortal(platform, tracing);
  });

  afterAll(async () => {
    await portal?.stop();
    await platform?.stop();
    await receiver?.stop();
  });

  it('follows a low-risk application from the submission to its permit in one trace', async () => {
    // Submitted through the portal, as people do, with the caller's own trace context (W3C traceparent):
    // the portal's server span continues it.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const submitted = await call(`${portal.url}/api/v1/applications`, {
      body: application({ nik: '3373011704920777' }),
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
    });
    expect(submitted.status).toBe(201);
    const { applicationNumber, trackingCode } = submitted.body;
    await eventually(async () => {
      const r = await call(`${platform.intake}/api/v1/applications/${applicationNumber}`, { headers: { 'x-tracking-code': trackingCode } });
      return r.body.status === 'ISSUED' ? r.body : undefined;
    });

    // Wait for the spans of the whole journey: each service consumed at least one event of this trace, and
    // every span's parent has arrived too (services export in batches of their own, in any order).
    const spans = await eventually(async () => {
      const ours = receiver.spans.filter((s) => s.traceId === traceId);
      const ids = new Set(ours.map((s) => s.spanId));
      const consumedBy = new Set(ours.filter((s) => s.kind === 'CONSUMER').map((s) => s.service));
      const complete = ours.every((s) => s.parentSpanId === callerSpanId || ids.has(s.parentSpanId));
      return complete && SERVICES.every((s) => consumedBy.has(s)) ? ours : undefined;
    }, 30_000);
    const byId = new Map(spans.map((s) => [s.spanId, s]));

    // The portal's server span, a child of the caller's span; the request it forwards to intake (a client
    // span) is the parent of intake's server span: the submission's request span.
    const atPortal = spans.find((s) => s.kind === 'SERVER' && s.parentSpanId === callerSpanId);
    expect(atPortal).toMatchObject({ service: 'portal', attributes: expect.objectContaining({ 'http.request.method': 'POST' }) });
    const forwarded = spans.filter((s) => s.service === 'portal' && s.kind === 'CLIENT' && s.parentSpanId === atPortal?.spanId);
    const request = spans.find((s) => s.kind === 'SERVER' && s.service === 'application-intake' && forwarded.some((f) => f.spanId === s.parentSpanId));
    expect(request?.attributes['http.request.method']).toBe('POST');
    expect(request?.name).toContain('/api/v1/applications');

    /** The span's ancestors, nearest first, as far as they are in the trace. */
    const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
      const chain: ReceivedSpan[] = [];
      for (let parent = byId.get(span.parentSpanId); parent && chain.length < 100; parent = byId.get(parent.parentSpanId)) chain.push(parent);
      return chain;
    };

    for (const service of SERVICES) {
      const ofService = spans.filter((s) => s.service === service);
      // PostgreSQL queries of this journey, in every service.
      expect(ofService.some((s) => s.kind === 'CLIENT' && s.scope === '@opentelemetry/instrumentation-pg')).toBe(true);
      // Every consumer span chains back, through producer spans, to the submission's request span.
      const consumed = ofService.filter((s) => s.kind === 'CONSUMER');
      expect(consumed.length).toBeGreaterThan(0);
      for (const consumer of consumed) {
        expect(consumer.name).toMatch(/^process mpp\./);
        expect(consumer.attributes['messaging.system']).toBe('kafka');
        const chain = ancestors(consumer);
        expect(chain[0]).toMatchObject({ kind: 'PRODUCER', name: `send ${consumer.attributes['messaging.destination.name']}` });
        expect(chain).toContain(request);
      }
    }
    // Document verification decided (the low-risk path) inside its consumer span: its queries are below it.
    const verificationQueries = spans.filter((s) => s.service === 'document-verification' && s.scope === '@opentelemetry/instrumentation-pg');
    expect(verificationQueries.every((q) => ancestors(q).some((a) => a.kind === 'CONSUMER'))).toBe(true);

    // The log lines written during the journey carry its trace id (and the span of the moment).
    await eventually(async () => {
      for (const service of SERVICES) {
        const lines = logLines(service).filter((l) => l.trace_id === traceId);
        if (lines.length === 0) return undefined;
        for (const line of lines) expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
      }
      return true;
    }, 10_000);
    const intakeLines = logLines('application-intake').filter((l) => l.trace_id === traceId);
    expect(intakeLines.some((l) => l.req?.url === '/api/v1/applications' && l.span_id === request?.spanId)).toBe(true);
    expect(logLines('portal').some((l) => l.trace_id === traceId && l.span_id === atPortal?.spanId)).toBe(true);
  });
});
