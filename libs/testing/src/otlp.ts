import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A real OTLP/HTTP trace receiver for tests (https://opentelemetry.io/docs/specs/otlp/#otlphttp): accepts
 * `POST /v1/traces` with an `ExportTraceServiceRequest` in binary protobuf (the exporters' default,
 * `http/protobuf`) and keeps the spans. The messages are decoded by their field numbers in the official schema,
 * opentelemetry-proto's opentelemetry/proto/trace/v1/trace.proto, common/v1/common.proto and
 * resource/v1/resource.proto (https://github.com/open-telemetry/opentelemetry-proto).
 */
export interface ReceivedSpan {
  /** service.name of the resource that sent it. */
  service: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  attributes: Record<string, string | number | boolean>;
  /** The instrumentation scope, e.g. @opentelemetry/instrumentation-pg. */
  scope: string;
}

export interface OtlpReceiver {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  url: string;
  spans: ReceivedSpan[];
  /** Export requests received (any path). */
  requests: number;
  stop(): Promise<void>;
}

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;

/** Fields of one protobuf message: field number → values (varints as bigint, length-delimited as bytes). */
type Fields = Map<number, (bigint | Buffer)[]>;

/** Protobuf wire format (https://protobuf.dev/programming-guides/encoding/). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buf[pos++];
      if (byte === undefined) throw new Error('truncated protobuf varint');
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  };
  while (pos < buf.length) {
    const tag = Number(varint());
    const field = tag >>> 3;
    let value: bigint | Buffer;
    switch (tag & 7) {
      case 0:
        value = varint();
        break;
      case 1:
        value = buf.subarray(pos, (pos += 8));
        break;
      case 2: {
        const length = Number(varint());
        value = buf.subarray(pos, (pos += length));
        break;
      }
      case 5:
        value = buf.subarray(pos, (pos += 4));
        break;
      default:
        throw new Error(`unsupported protobuf wire type ${tag & 7}`);
    }
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

const bytes = (f: Fields, n: number): Buffer[] => (f.get(n) ?? []).filter((v): v is Buffer => Buffer.isBuffer(v));
const str = (f: Fields, n: number): string => bytes(f, n)[0]?.toString('utf8') ?? '';
const hex = (f: Fields, n: number): string => bytes(f, n)[0]?.toString('hex') ?? '';

/** common.proto AnyValue: 1 string, 2 bool, 3 int64, 4 double (arrays and maps are not needed here). */
function anyValue(buf: Buffer): string | number | boolean {
  const f = fields(buf);
  if (f.has(1)) return str(f, 1);
  if (f.has(2)) return f.get(2)?.[0] === 1n;
  if (f.has(3)) return Number(BigInt.asIntN(64, f.get(3)?.[0] as bigint));
  if (f.has(4)) return bytes(f, 4)[0].readDoubleLE(0);
  return '';
}

/** common.proto KeyValue: 1 key, 2 value. */
function keyValues(list: Buffer[]): Record<string, string | number | boolean> {
  return Object.fromEntries(
    list.map((kv) => {
      const f = fields(kv);
      const value = bytes(f, 2)[0];
      return [str(f, 1), value ? anyValue(value) : ''];
    }),
  );
}

/**
 * ExportTraceServiceRequest: 1 resource_spans. ResourceSpans: 1 resource (Resource: 1 attributes), 2 scope_spans.
 * ScopeSpans: 1 scope (InstrumentationScope: 1 name), 2 spans. Span: 1 trace_id, 2 span_id, 4 parent_span_id,
 * 5 name, 6 kind, 9 attributes.
 */
export function decodeTraceRequest(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of bytes(fields(body), 1)) {
    const rs = fields(resourceSpans);
    const resource = bytes(rs, 1)[0];
    const service = String(resource ? (keyValues(bytes(fields(resource), 1))['service.name'] ?? '') : '');
    for (const scopeSpans of bytes(rs, 2)) {
      const ss = fields(scopeSpans);
      const scopeMessage = bytes(ss, 1)[0];
      const scope = scopeMessage ? str(fields(scopeMessage), 1) : '';
      for (const spanBytes of bytes(ss, 2)) {
        const s = fields(spanBytes);
        spans.push({
          service,
          traceId: hex(s, 1),
          spanId: hex(s, 2),
          parentSpanId: hex(s, 4),
          name: str(s, 5),
          kind: KINDS[Number(s.get(6)?.[0] ?? 0n)] ?? 'UNSPECIFIED',
          attributes: keyValues(bytes(s, 9)),
          scope,
        });
      }
    }
  }
  return spans;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/** Starts the receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const receiver = { spans: [] as ReceivedSpan[], requests: 0 };
  const server = createServer((req, res) => {
    receiver.requests++;
    if (req.method !== 'POST' || req.url !== '/v1/traces' || req.headers['content-type'] !== 'application/x-protobuf') {
      res.writeHead(req.method === 'POST' ? 415 : 404).end();
      return;
    }
    body(req)
      .then((buf) => {
        receiver.spans.push(...decodeTraceRequest(buf));
        // An empty ExportTraceServiceResponse: everything accepted.
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      })
      .catch(() => res.writeHead(400).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
