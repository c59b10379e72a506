import { Controller, Get } from '@nestjs/common';

/**
 * Liveness and readiness of the portal. Ready once it serves: it holds no state of its own, and a service
 * that is down shows as a 502 on the pages that need it rather than taking the whole portal out.
 */
@Controller('health')
export class HealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    return { status: 'ok' };
  }
}
