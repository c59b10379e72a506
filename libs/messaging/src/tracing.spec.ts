import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OutgoingRecord, processInSpan, publishInSpans, traceHeaders } from './tracing';

describe('trace context through the outbox and Kafka', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  /** The spans ended so far (the processor hands them to the exporter asynchronously). */
  const finished = async () => {
    await provider.forceFlush();
    return exporter.getFinishedSpans();
  };

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });

  afterAll(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });

  beforeEach(() => exporter.reset());

  const traceparentOf = (span: { spanContext(): { traceId: string; spanId: string } }) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

  it('stores the work in progress, publishes in a child PRODUCER span, and processes in a child CONSUMER span', async () => {
    const tracer = trace.getTracer('test');
    const request = tracer.startSpan('POST /api/v1/applications', { kind: SpanKind.SERVER });
    // The outbox writer: the request's context goes into the row's headers.
    const stored = context.with(trace.setSpan(context.active(), request), () => traceHeaders());
    request.end();
    expect(stored).toEqual({ traceparent: traceparentOf(request) });

    // The relay, later and outside any span: a PRODUCER span below the stored context, its own context on the record.
    let published: [string, OutgoingRecord[]][] = [];
    const row: OutgoingRecord = { key: 'app-1', value: '{}', headers: { 'mpp-event-id': 'e-1', ...stored } };
    await publishInSpans([['mpp.applications.submitted', [row]]], async (batches) => {
      published = batches;
    });
    const producer = (await finished()).find((s) => s.kind === SpanKind.PRODUCER);
    if (!producer) throw new Error('no PRODUCER span ended');
    expect(producer).toMatchObject({ name: 'send mpp.applications.submitted', parentSpanContext: { spanId: request.spanContext().spanId } });
    expect(producer.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(producer.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': 'mpp.applications.submitted', 'messaging.kafka.message.key': 'app-1' });
    const [[, [record]]] = published;
    expect(record.headers).toEqual({ 'mpp-event-id': 'e-1', traceparent: traceparentOf(producer) });
    // The row itself is left as it was.
    expect(row.headers.traceparent).toBe(traceparentOf(request));

    // The consumer, headers as kafkajs gives them (Buffers): a CONSUMER span below the producer's, active in the handler.
    const headers = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]));
    let inHandler: string | undefined;
    const outcome = await processInSpan({ topic: 'mpp.applications.submitted', partition: 2, offset: '41', key: 'app-1', headers }, 'document-verification', async () => {
      inHandler = trace.getActiveSpan()?.spanContext().spanId;
      return 'processed';
    });
    expect(outcome).toBe('processed');
    const consumer = (await finished()).find((s) => s.kind === SpanKind.CONSUMER);
    expect(consumer).toMatchObject({ name: 'process mpp.applications.submitted', parentSpanContext: { spanId: producer.spanContext().spanId } });
    expect(consumer?.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(consumer?.attributes).toMatchObject({
      'messaging.consumer.group.name': 'document-verification',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
      'mpp.consume.outcome': 'processed',
    });
    expect(inHandler).toBe(consumer?.spanContext().spanId);
  });

  it('marks the producer spans of a failed publication and lets the failure through', async () => {
    const failure = publishInSpans([['mpp.t', [{ key: 'k', value: '{}', headers: {} }]]], () => Promise.reject(new Error('broker away')));
    await expect(failure).rejects.toThrow('broker away');
    const [producer] = await finished();
    expect(producer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'broker away' });
    // Without a stored context the producer span starts a trace of its own.
    expect(producer.parentSpanContext).toBeUndefined();
  });

  it('ends the consumer span of a failing handler as an error', async () => {
    await expect(processInSpan({ topic: 'mpp.t', partition: 0, offset: '0' }, 'g', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect((await finished())[0].status.code).toBe(SpanStatusCode.ERROR);
  });
});
