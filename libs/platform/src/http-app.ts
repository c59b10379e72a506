import { INestApplication, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { trustedProxies } from './config';
import { createValidationPipe } from './errors';
import { documentRateLimits, finishSecurity, platformDocumentBuilder } from './openapi';
import { bodyParserErrorMiddleware, ContentTypeGuard, ControlCharacterGuard, jsonBodyShapeMiddleware, pathEncodingMiddleware } from './hostile-input';
import { CORRELATION_HEADER, correlationIdFrom } from './request-context';
import { httpMetricsMiddleware } from './metrics';

export interface HttpAppOptions {
  title: string;
  description: string;
  version?: string;
  /** Largest accepted JSON body. */
  bodyLimit?: string;
}

/** Every request gets a correlation id (the caller's `X-Correlation-Id` or a new one), echoed back. */
function correlationMiddleware(req: Request, res: Response, next: NextFunction) {
  const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
  req.headers[CORRELATION_HEADER] = id;
  res.setHeader('X-Correlation-Id', id);
  next();
}

/**
 * The client address (rate limits, audit trail) of an Express-based app: `X-Forwarded-For` counts only when
 * the socket's peer is one of TRUSTED_PROXIES (Express walks the header from the right and stops at the
 * first address that is not a trusted proxy); otherwise the socket's address.
 */
export function trustProxies(app: INestApplication, value: string | undefined): void {
  const proxies = trustedProxies(value);
  (app as NestExpressApplication).set('trust proxy', proxies.length > 0 ? proxies : false);
}

/** Creates the NestJS HTTP application with the platform's logger, validation and OpenAPI (/docs, /docs-json). */
export async function createHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  const config = app.get(ConfigService);
  // Security headers first. The Swagger UI at /docs needs inline scripts and styles; the API sends JSON.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  const origins = config.get<string>('CORS_ORIGINS');
  app.enableCors({
    origin: origins ? origins.split(',') : false,
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Tracking-Code', 'X-Correlation-Id'],
    exposedHeaders: ['X-Correlation-Id', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining'],
  });
  trustProxies(app, config.get<string>('TRUSTED_PROXIES'));
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware);
  app.use(correlationMiddleware);
  // A path that does not decode is a 400 naming the path, before routing.
  app.use(pathEncodingMiddleware());
  app.useBodyParser('json', { limit: options.bodyLimit ?? '100kb' });
  // Malformed, oversized, wrongly encoded bodies: their 4xx in the platform's error format, naming the body.
  app.use(bodyParserErrorMiddleware());
  // Before class-transformer and class-validator recurse into it: too deep, or a NUL inside, is a 400.
  app.use(jsonBodyShapeMiddleware());
  // Registered before any module's guards: control characters in path, query or input headers are a 400;
  // a body in a media type the operation does not take is a 415.
  app.useGlobalGuards(new ControlCharacterGuard(), new ContentTypeGuard(app.get(Reflector)));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = documentRateLimits(finishSecurity(SwaggerModule.createDocument(app, platformDocumentBuilder(options).build())));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
