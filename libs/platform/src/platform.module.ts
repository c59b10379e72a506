import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { ClsModule } from 'nestjs-cls';
import { validateEnv } from './config';
import { ApiExceptionFilter } from './errors';
import { HealthController, ReadinessIndicators } from './health';
import { loggingModule } from './logging';
import { MetricsController } from './metrics';
import { RateLimitModule } from './rate-limit';
import { CORRELATION_HEADER, SOURCE_IP_KEY } from './request-context';

export interface PlatformOptions {
  serviceName: string;
  env: new () => object;
}

/**
 * Cross-cutting plumbing every service gets the same way: validated configuration, request context
 * (correlation id), JSON logging, Prometheus metrics at /metrics, health checks at /health/*, the
 * uniform error body, and the rate-limit counters in Redis (`RateLimits`; the guard is registered by
 * `AuthModule.forRoot()` of @mpp/auth, after the token is verified).
 */
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: validateEnv(options.env) }),
        ClsModule.forRoot({
          global: true,
          middleware: {
            mount: true,
            generateId: true,
            idGenerator: (req) => String(req.headers[CORRELATION_HEADER]),
            setup: (cls, req) => cls.set(SOURCE_IP_KEY, req.ip),
          },
        }),
        loggingModule(options.serviceName),
        PrometheusModule.register({
          path: '/metrics',
          controller: MetricsController,
          defaultMetrics: { enabled: true, config: { labels: { service: options.serviceName } } },
        }),
        TerminusModule.forRoot({ logger: false }),
        RateLimitModule.forService(options.serviceName),
      ],
      controllers: [HealthController],
      providers: [ReadinessIndicators, { provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
