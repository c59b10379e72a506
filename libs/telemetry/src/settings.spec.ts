import { trace } from '@opentelemetry/api';
import { tracingSettings } from './settings';
import { startTracing } from './start';

describe('tracing settings from OTEL_* variables', () => {
  const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

  it('is off without an OTLP endpoint, when the SDK is disabled, or with the none exporter', () => {
    expect(tracingSettings({}, 'svc')).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, 'svc')).toBeUndefined();
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: 'true' }, 'svc')).toBeUndefined();
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' }, 'svc')).toBeUndefined();
    expect(tracingSettings({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }, 'svc')).toBeUndefined();
  });

  it('is on with the general or the traces endpoint, with the specification defaults', () => {
    for (const env of [endpoint, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, { ...endpoint, OTEL_SDK_DISABLED: 'false' }]) {
      expect(tracingSettings(env, 'svc')).toEqual({
        defaultServiceName: 'svc',
        sampler: 'parentbased_always_on',
        samplerRatio: 1,
        batch: { scheduledDelayMillis: 5000, exportTimeoutMillis: 30000, maxQueueSize: 2048, maxExportBatchSize: 512 },
        warnings: [],
      });
    }
  });

  it('takes the sampler and the batch processor settings', () => {
    const settings = tracingSettings(
      {
        ...endpoint,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BSP_EXPORT_TIMEOUT: '1000',
        OTEL_BSP_MAX_QUEUE_SIZE: '100',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '500',
      },
      'svc',
    );
    expect(settings).toMatchObject({
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      // A batch is never larger than the queue.
      batch: { scheduledDelayMillis: 200, exportTimeoutMillis: 1000, maxQueueSize: 100, maxExportBatchSize: 100 },
      warnings: [],
    });
  });

  it('warns about invalid or unsupported values and keeps the defaults', () => {
    const settings = tracingSettings(
      {
        ...endpoint,
        OTEL_TRACES_SAMPLER: 'jaeger_remote',
        OTEL_BSP_SCHEDULE_DELAY: 'soon',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_PROPAGATORS: 'tracecontext,b3',
        OTEL_TRACES_EXPORTER: 'otlp,zipkin',
      },
      'svc',
    );
    expect(settings?.sampler).toBe('parentbased_always_on');
    expect(settings?.batch.scheduledDelayMillis).toBe(5000);
    expect(settings?.warnings).toEqual([
      'OTEL_TRACES_EXPORTER: only otlp is supported; ignoring zipkin',
      'OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported; using http/protobuf',
      'OTEL_PROPAGATORS: only tracecontext and baggage are supported; ignoring b3',
      'OTEL_TRACES_SAMPLER=jaeger_remote is not supported; using parentbased_always_on',
      'OTEL_BSP_SCHEDULE_DELAY=soon is not an integer >= 0; using 5000',
    ]);
    expect(tracingSettings({ ...endpoint, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' }, 'svc')?.warnings).toEqual([
      'OTEL_TRACES_SAMPLER_ARG=2 is not a ratio between 0 and 1; using 1',
    ]);
  });

  it('starts nothing without an endpoint: no SDK loaded, no tracer provider registered', () => {
    expect(startTracing('svc', {})).toBe(false);
    const loaded = Object.keys(require.cache).filter((file) => /@opentelemetry[\\/](sdk-trace|exporter-trace-otlp-proto|instrumentation)/.test(file));
    expect(loaded).toEqual([]);
    // The API's no-op tracer: spans are not recording and carry no valid context.
    const span = trace.getTracer('test').startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe('00000000000000000000000000000000');
    span.end();
  });
});
