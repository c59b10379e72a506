import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { ClsModule } from 'nestjs-cls';
import { ApiExceptionFilter, CORRELATION_HEADER, loggingModule, MetricsController, SOURCE_IP_KEY, validateEnv } from '@mpp/platform';
import { PortalEnv } from './config/portal.env';
import { HealthController } from './health/health.controller';

/** The portal: configuration, request context, JSON logs, metrics and health like the services; no database. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: validateEnv(PortalEnv) }),
    ClsModule.forRoot({
      global: true,
      middleware: { mount: true, generateId: true, idGenerator: (req) => String(req.headers[CORRELATION_HEADER]), setup: (cls, req) => cls.set(SOURCE_IP_KEY, req.ip) },
    }),
    loggingModule('portal'),
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true, config: { labels: { service: 'portal' } } } }),
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
})
export class AppModule {}
