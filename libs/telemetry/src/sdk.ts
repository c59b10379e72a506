import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  Sampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingSettings } from './settings';

/** Requests that are not worth a trace: probes and scrapes, every few seconds. */
const UNTRACED_PATHS = ['/health/', '/metrics'];

/** How long the last export may take when the process stops. */
const FLUSH_TIMEOUT_MS = 5000;

function sampler(settings: TracingSettings): Sampler {
  const ratio = new TraceIdRatioBasedSampler(settings.samplerRatio);
  switch (settings.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * Starts the trace SDK: W3C Trace Context (and Baggage) propagation, async-local context, spans of incoming and
 * outgoing HTTP, Express routing and PostgreSQL queries, batched to the OTLP/HTTP (protobuf) endpoint. Must run
 * before `http`, `express` and `pg` are loaded. Spans still buffered are flushed when the process stops.
 */
export function startSdk(settings: TracingSettings): TracerProvider {
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.defaultServiceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new TracerProvider({
    resource,
    sampler: sampler(settings),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), ...settings.batch })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.some((p) => req.url?.startsWith(p)),
        // An outgoing request outside any traced work (a background refresh) would start a trace of its own.
        requireParentforOutgoingSpans: true,
      }),
      // Route handlers and routers; the dozen platform middlewares of every request would only be noise.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      // Only queries of traced work (a request, a consumed event, a relay batch); no parameter values (personal data).
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  flushOnExit(provider);
  return provider;
}

/**
 * Flushes and stops the provider when the process is asked to stop. NestJS's shutdown hooks listen for the same
 * signals, close the application, then send the signal again: while another listener is there, this one lets it
 * work; on the signal that remains (or when no one else listens), it exports what is left, then lets the signal
 * end the process as it would have.
 */
function flushOnExit(provider: TracerProvider): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      process.removeListener(signal, onSignal);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS).unref());
      void Promise.race([provider.shutdown().catch(() => undefined), timeout]).then(() => process.kill(process.pid, signal));
    };
    process.on(signal, onSignal);
  }
}
