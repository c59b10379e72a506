import { applyDecorators, ExecutionContext, HttpException, HttpStatus, Injectable, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { ApiErrors } from './openapi';

/** Per-client limit of the public endpoints (submission, tracking, permit verification), per minute. */
export function rateLimitModule() {
  return ThrottlerModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService) => [{ name: 'default', ttl: 60_000, limit: config.get<number>('RATE_LIMIT_PER_MINUTE', 60) }],
  });
}

@Injectable()
export class PublicRateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `Too many requests from this client; retry in ${detail.timeToBlockExpire} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** Rate-limits a public endpoint per client address; a 429 with Retry-After when exceeded. */
export const PublicRateLimit = () => applyDecorators(UseGuards(PublicRateLimitGuard), ApiErrors(HttpStatus.TOO_MANY_REQUESTS));
