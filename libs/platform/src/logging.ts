import type { IncomingMessage } from 'node:http';
import { ConfigService } from '@nestjs/config';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import { CORRELATION_HEADER, currentCorrelationId } from './request-context';

const QUIET_PATHS = ['/health/', '/metrics'];

/**
 * `trace_id` and `span_id` of the active span (OpenTelemetry's names for log records,
 * https://opentelemetry.io/docs/specs/otel/compatibility/logging_trace_context/); none while tracing is off.
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

/**
 * JSON logs (pino). Every line written inside a request or while handling an event carries the
 * `correlationId`, and the `trace_id`/`span_id` when it is traced; the request/response lines carry the
 * correlation id as `req.id`. Secrets are redacted.
 */
export function loggingModule(serviceName: string) {
  return LoggerModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService) => ({
      pinoHttp: {
        name: serviceName,
        level: config.get<string>('LOG_LEVEL', 'info'),
        genReqId: (req: IncomingMessage) => String(req.headers[CORRELATION_HEADER] ?? ''),
        mixin: () => {
          const correlationId = currentCorrelationId();
          return { ...(correlationId ? { correlationId } : {}), ...traceFields() };
        },
        autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.some((p) => req.url?.startsWith(p)) },
        redact: {
          paths: ['req.headers.authorization', 'req.headers["x-tracking-code"]', 'req.headers.cookie'],
          censor: '[redacted]',
        },
        timestamp: () => `,"time":"${new Date().toISOString()}"`,
      },
    }),
  });
}
