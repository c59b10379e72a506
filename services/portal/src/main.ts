import './tracing';
import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { CORRELATION_HEADER, correlationIdFrom, httpMetricsMiddleware, trustProxies } from '@mpp/platform';
import { AppModule } from './app.module';
import type { PortalEnv } from './config/portal.env';
import { defaultWebRoot, securityHeaders, serveWebApp } from './web-app/web-app';

export async function createPortal(): Promise<NestExpressApplication> {
  // No body parser: the portal forwards request bodies as streams (uploads are never buffered).
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  const config = app.get(ConfigService<PortalEnv, true>);
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware);
  trustProxies(app, config.get('TRUSTED_PROXIES', { infer: true }));
  app.use(...securityHeaders());
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
    req.headers[CORRELATION_HEADER] = id;
    res.setHeader('X-Correlation-Id', id);
    next();
  });
  serveWebApp(app, config.get('WEB_ROOT', { infer: true }) ?? defaultWebRoot());
  app.enableShutdownHooks();
  return app;
}

async function main() {
  const app = await createPortal();
  const port = app.get(ConfigService<PortalEnv, true>).get('PORT', { infer: true });
  await app.listen(port);
  app.get(Logger).log(`portal listening on http://localhost:${port}`);
}

if (require.main === module) void main();
