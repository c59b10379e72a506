import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { ClsModule } from 'nestjs-cls';
import { ApiExceptionFilter, CORRELATION_HEADER, loggingModule, MetricsController, SOURCE_IP_KEY, validateEnv } from '@mpp/platform';
import { AuthModule } from './auth/auth.module';
import { officerCallsMiddleware } from './auth/officer-calls/officer-calls.middleware';
import { PortalAuth } from './auth/portal-auth';
import { forwardingMiddleware } from './bff/forward';
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
    AuthModule,
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true, config: { labels: { service: 'portal' } } } }),
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
})
export class AppModule implements NestModule {
  constructor(
    private readonly config: ConfigService<PortalEnv, true>,
    private readonly auth: PortalAuth,
  ) {}

  /** The forwarding runs as Nest middleware, after the request context and the request log are set up. */
  configure(consumer: MiddlewareConsumer) {
    const upstreams = {
      intake: this.config.get('INTAKE_URL', { infer: true }),
      verification: this.config.get('VERIFICATION_URL', { infer: true }),
      issuance: this.config.get('ISSUANCE_URL', { infer: true }),
    };
    const forward = forwardingMiddleware({ upstreams, timeoutMs: this.config.get('UPSTREAM_TIMEOUT_MS', { infer: true }) });
    // The officer's session (401/403/503 refusals, the bearer token) first, then the forwarding.
    consumer.apply(officerCallsMiddleware(this.auth, upstreams), forward).forRoutes('api/*path');
  }
}
