import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { ApiAnonymous } from './openapi';

/**
 * The Prometheus scrape endpoint (`/metrics`), as the library serves it, documented: an infrastructure
 * route, which the AuthGuard lets through (DEFAULT_PUBLIC_PATHS of @mpp/auth).
 */
@ApiTags('metrics')
@ApiAnonymous()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics of the process, its HTTP traffic and its messaging' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  override index(@Res({ passthrough: true }) response: unknown): Promise<string> {
    return super.index(response);
  }
}
