import { Controller, Get, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { errorText } from './errors';
import { watchReadiness } from './metrics';
import { ApiAnonymous } from './openapi';

/** Something beyond the database that readiness depends on (Kafka). Provided by the messaging library. */
export abstract class ReadinessProbe {
  abstract readonly name: string;
  /** Resolves when the dependency answers; rejects with a reason otherwise. */
  abstract check(): Promise<void>;
}

@Injectable()
export class ReadinessIndicators {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async probe(probe: ReadinessProbe): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(probe.name);
    try {
      await probe.check();
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: errorText(err) });
    }
  }
}

// Infrastructure routes: the AuthGuard lets them through (DEFAULT_PUBLIC_PATHS of @mpp/auth).
@ApiTags('health')
@ApiAnonymous()
@Controller('health')
export class HealthController implements OnModuleInit, OnModuleDestroy {
  private unwatch?: () => void;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: ReadinessIndicators,
    private readonly probes: ReadinessProbe,
  ) {}

  /** `mpp_ready` runs the readiness check on every scrape (alerts on flapping readiness need its history). */
  onModuleInit(): void {
    this.unwatch = watchReadiness(() => this.ready().then(() => true, () => false));
  }

  onModuleDestroy(): void {
    this.unwatch?.();
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database and Kafka answer' })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.indicators.probe(this.probes),
    ]);
  }
}
