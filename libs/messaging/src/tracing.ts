import { Context, context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, TextMapGetter, trace } from '@opentelemetry/api';
import { errorText } from '@mpp/platform';

/**
 * Trace context across the outbox and Kafka (W3C Trace Context, https://www.w3.org/TR/trace-context/): the
 * outbox row keeps the `traceparent`/`tracestate` of the work that wrote it in its headers, the relay publishes
 * them in a PRODUCER span, and the consumer continues the trace in a CONSUMER span, so that one application's
 * journey through the services is one trace. Span names and attributes follow the messaging semantic
 * conventions (https://opentelemetry.io/docs/specs/semconv/messaging/kafka/). Everything here goes through
 * the OpenTelemetry API, which does nothing (no headers, no spans) while no SDK is started.
 */
const tracer = trace.getTracer('@mpp/messaging');

/** Kafka header values arrive as Buffers (or arrays of them). */
const headerGetter: TextMapGetter<Record<string, unknown> | undefined> = {
  keys: (carrier) => Object.keys(carrier ?? {}),
  get: (carrier, key) => {
    const value = carrier?.[key];
    if (value == null) return undefined;
    return Array.isArray(value) ? value.map((v) => String(v)) : String(value);
  },
};

/** The trace context of the work in progress as headers (`traceparent`, `tracestate`); empty while tracing is off. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

function remoteContext(headers: Record<string, unknown> | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, headers, headerGetter);
}

function fail(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : errorText(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(err) });
}

export interface OutgoingRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Publishes outbox rows with `publish`, each in a PRODUCER span that is a child of the context stored with the
 * row; the records carry the span's own context in their headers, for the consumer.
 */
export async function publishInSpans<T>(
  batches: [topic: string, records: OutgoingRecord[]][],
  publish: (batches: [string, OutgoingRecord[]][]) => Promise<T>,
): Promise<T> {
  const spans: Span[] = [];
  const traced = batches.map(([topic, records]): [string, OutgoingRecord[]] => [
    topic,
    records.map((record) => {
      const parent = remoteContext(record.headers);
      const span = tracer.startSpan(
        `send ${topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.name': 'send',
            'messaging.operation.type': 'send',
            'messaging.destination.name': topic,
            'messaging.kafka.message.key': record.key,
          },
        },
        parent,
      );
      spans.push(span);
      const headers = { ...record.headers };
      propagation.inject(trace.setSpan(parent, span), headers);
      return { ...record, headers };
    }),
  ]);
  try {
    return await publish(traced);
  } catch (err) {
    for (const span of spans) fail(span, err);
    throw err;
  } finally {
    for (const span of spans) span.end();
  }
}

/** Runs the processing of a consumed record in a CONSUMER span, a child of the context in the record's headers. */
export function processInSpan<R extends string>(
  record: { topic: string; partition: number; offset: string; key?: string | null; headers?: Record<string, unknown> },
  consumerGroup: string,
  process: () => Promise<R>,
): Promise<R> {
  return tracer.startActiveSpan(
    `process ${record.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.name': 'process',
        'messaging.operation.type': 'process',
        'messaging.destination.name': record.topic,
        'messaging.destination.partition.id': String(record.partition),
        'messaging.kafka.offset': Number(record.offset),
        'messaging.consumer.group.name': consumerGroup,
        ...(record.key ? { 'messaging.kafka.message.key': record.key } : {}),
      },
    },
    remoteContext(record.headers),
    async (span) => {
      try {
        const outcome = await process();
        span.setAttribute('mpp.consume.outcome', outcome);
        return outcome;
      } catch (err) {
        fail(span, err);
        throw err;
      } finally {
        span.end();
      }
    },
  );
}
