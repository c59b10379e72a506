import type { IncomingMessage } from 'node:http';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { CORRELATION_HEADER, currentCorrelationId } from './request-context';

const QUIET_PATHS = ['/health/', '/metrics'];

/**
 * JSON logs (pino). Every line written inside a request or while handling an event carries the
 * `correlationId`; the request/response lines carry it as `req.id`. Secrets are redacted.
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
          return correlationId ? { correlationId } : {};
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
