/**
 * Tracing settings from the standard OpenTelemetry environment variables
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/). Pure: reads only the
 * environment given, loads no OpenTelemetry package, so deciding that tracing is off costs nothing.
 */

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

export interface TracingSettings {
  /** service.name unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise (the SDK's env detector). */
  defaultServiceName: string;
  sampler: SamplerName;
  /** The ratio of the *traceidratio samplers (OTEL_TRACES_SAMPLER_ARG), 0..1. */
  samplerRatio: number;
  /** Batch span processor (OTEL_BSP_*). */
  batch: { scheduledDelayMillis: number; exportTimeoutMillis: number; maxQueueSize: number; maxExportBatchSize: number };
  /** Things in the environment that were ignored (invalid values), for a warning at start-up. */
  warnings: string[];
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function count(env: Env, name: string, fallback: number, warnings: string[], min = 0): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min) return value;
  warnings.push(`${name}=${raw} is not an integer >= ${min}; using ${fallback}`);
  return fallback;
}

/**
 * The settings of tracing, or `undefined` when tracing is off: OTEL_SDK_DISABLED=true, OTEL_TRACES_EXPORTER=none,
 * or no OTLP endpoint (neither OTEL_EXPORTER_OTLP_ENDPOINT nor OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). The exporter
 * itself reads the endpoint, headers, timeout and compression variables.
 */
export function tracingSettings(env: Env, defaultServiceName: string): TracingSettings | undefined {
  if (text(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const exporters = (text(env, 'OTEL_TRACES_EXPORTER') ?? 'otlp').toLowerCase().split(',').map((e) => e.trim());
  if (exporters.includes('none')) return undefined;
  if (!text(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') && !text(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT')) return undefined;

  const warnings: string[] = [];
  const unsupportedExporters = exporters.filter((e) => e !== 'otlp');
  if (unsupportedExporters.length) warnings.push(`OTEL_TRACES_EXPORTER: only otlp is supported; ignoring ${unsupportedExporters.join(', ')}`);
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const protocol = text(env, name);
    if (protocol && protocol !== 'http/protobuf') warnings.push(`${name}=${protocol} is not supported; using http/protobuf`);
  }
  const propagators = text(env, 'OTEL_PROPAGATORS');
  if (propagators) {
    const unsupported = propagators.split(',').map((p) => p.trim()).filter((p) => p !== 'tracecontext' && p !== 'baggage');
    if (unsupported.length) warnings.push(`OTEL_PROPAGATORS: only tracecontext and baggage are supported; ignoring ${unsupported.join(', ')}`);
  }

  let sampler: SamplerName = 'parentbased_always_on';
  const samplerName = text(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase();
  if (samplerName) {
    if ((SAMPLERS as readonly string[]).includes(samplerName)) sampler = samplerName as SamplerName;
    else warnings.push(`OTEL_TRACES_SAMPLER=${samplerName} is not supported; using ${sampler}`);
  }
  let samplerRatio = 1;
  const ratio = text(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (ratio !== undefined && sampler.endsWith('traceidratio')) {
    const value = Number(ratio);
    if (Number.isFinite(value) && value >= 0 && value <= 1) samplerRatio = value;
    else warnings.push(`OTEL_TRACES_SAMPLER_ARG=${ratio} is not a ratio between 0 and 1; using 1`);
  }

  const maxQueueSize = count(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, warnings, 1);
  const batch = {
    scheduledDelayMillis: count(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000, warnings),
    exportTimeoutMillis: count(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30000, warnings),
    maxQueueSize,
    maxExportBatchSize: Math.min(maxQueueSize, count(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, warnings, 1)),
  };
  return { defaultServiceName, sampler, samplerRatio, batch, warnings };
}
