import {
  CanActivate,
  DynamicModule,
  ExecutionContext,
  Global,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  Module,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import { isIP } from 'node:net';
import Redis from 'ioredis';
import { Counter, register } from 'prom-client';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Rate limits shared by the replicas of a service, kept in Redis (REDIS_URL):
 *
 * - an officer (a verified token's `sub`) has RATE_LIMIT_OFFICER_PER_MINUTE requests a minute, whichever
 *   address the requests come from: officers behind one office NAT address do not share a limit;
 * - an anonymous caller (no token) has RATE_LIMIT_PER_MINUTE requests a minute per client address, the
 *   socket's address unless it is a trusted proxy (TRUSTED_PROXIES, then `X-Forwarded-For`).
 *
 * Counted per service (replicas of one service share the counters; the three services count apart) in
 * fixed one-minute windows, atomically (one Lua script per request: rate-limiter-flexible). Infrastructure
 * routes (`/health`, `/metrics`, `/docs`) are not limited.
 *
 * The bucket comes from `request[RATE_LIMIT_SUBJECT]`, which only the AuthGuard of @mpp/auth sets, after
 * it has verified the token (also on public routes, where an invalid token leaves the caller anonymous):
 * the guard runs after it (AuthModule registers it), so an unverified token cannot pick its own bucket.
 *
 * When Redis cannot be reached the limits fail open to each process's own memory: the same limits,
 * counted per replica (as before Redis), with a warning in the log and the counter
 * `mpp_rate_limit_store_failures_total`. An outage of the shared store should not close the counters of
 * every office, and a client flooding one replica is still held to the limit there.
 */

export const RATE_LIMIT_OPTIONS = Symbol('RATE_LIMIT_OPTIONS');

export interface RateLimitOptions {
  /** The service's name: counters are kept per service. */
  serviceName: string;
  /** redis://host:port[/db]. */
  redisUrl: string;
  /** Prefix of every Redis key (tests use one of their own). */
  keyPrefix: string;
  /** Requests per minute per client address for anonymous callers. */
  anonymousPerMinute: number;
  /** Requests per minute per officer. */
  officerPerMinute: number;
}

/** The outcome of counting one request. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
  /** Whether the shared store answered (false: counted in this process's memory). */
  shared: boolean;
}

/** Paths whose requests are never limited: probes, the metrics scrape, the OpenAPI UI and document. */
export const RATE_LIMIT_EXEMPT_PATHS: readonly RegExp[] = [/^\/health(\/|$)/, /^\/metrics\/?$/, /^\/docs([-/].*)?$/];

const WINDOW_SECONDS = 60;
/** How long a starting service waits for Redis before it counts in memory. */
const STARTUP_WAIT_MS = 3000;

function storeFailures(): Counter<string> {
  const name = 'mpp_rate_limit_store_failures_total';
  return (
    (register.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help: 'Requests whose rate limit was counted in process memory because Redis could not be reached', labelNames: ['service'] })
  );
}

function refusals(): Counter<string> {
  const name = 'mpp_rate_limit_refused_total';
  return (
    (register.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help: 'Requests refused with 429 by the rate limits', labelNames: ['service', 'bucket'] })
  );
}

/**
 * The bucket of a client address: `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) → `10.0.0.1`;
 * an IPv6 address → its /64 network (`2001:db8:1:2::/64`), since one subscriber is usually given a whole
 * /64 and could otherwise take a new address, and a new bucket, for every request.
 */
export function normaliseAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) return address.slice(7);
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** The two buckets' counters, in Redis with an in-memory fallback. */
@Injectable()
export class RateLimits implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimits');
  readonly redis: Redis;
  private readonly shared: Record<'anonymous' | 'officer', RateLimiterRedis>;
  private readonly local: Record<'anonymous' | 'officer', RateLimiterMemory>;
  private readonly failures = storeFailures();
  private readonly refused = refusals();
  private storeDown = false;

  constructor(@Inject(RATE_LIMIT_OPTIONS) readonly options: RateLimitOptions) {
    this.redis = new Redis(options.redisUrl, {
      // Fail fast instead of queueing while disconnected: a request must not wait for Redis to come back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      connectTimeout: 2000,
      lazyConnect: false,
      // Reconnect for ever, backing off to 2 s.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', (err: Error) => this.markDown(err));
    this.redis.on('ready', () => {
      if (this.storeDown) this.logger.log(`Redis reachable again at ${this.safeUrl()}: rate limits are shared again`);
      this.storeDown = false;
    });
    const keyPrefix = `${options.keyPrefix}:${options.serviceName}`;
    const make = (bucket: 'anonymous' | 'officer', points: number) => ({
      shared: new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${keyPrefix}:${bucket}`, points, duration: WINDOW_SECONDS, rejectIfRedisNotReady: true }),
      local: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:${bucket}`, points, duration: WINDOW_SECONDS }),
    });
    const anonymous = make('anonymous', options.anonymousPerMinute);
    const officer = make('officer', options.officerPerMinute);
    this.shared = { anonymous: anonymous.shared, officer: officer.shared };
    this.local = { anonymous: anonymous.local, officer: officer.local };
  }

  /** Counts one request of `key` in `bucket`. */
  async consume(bucket: 'anonymous' | 'officer', key: string): Promise<RateLimitDecision> {
    const limit = bucket === 'officer' ? this.options.officerPerMinute : this.options.anonymousPerMinute;
    let shared = true;
    let result: RateLimiterRes;
    try {
      result = await this.shared[bucket].consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        result = err;
      } else {
        // Redis unreachable, not ready or too slow: count in this process instead (fail open to a local limit).
        shared = false;
        this.failures.inc({ service: this.options.serviceName });
        this.markDown(err);
        try {
          result = await this.local[bucket].consume(key);
        } catch (localErr) {
          if (!(localErr instanceof RateLimiterRes)) throw localErr;
          result = localErr;
        }
      }
    }
    const allowed = result.consumedPoints <= limit;
    if (!allowed) this.refused.inc({ service: this.options.serviceName, bucket });
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - result.consumedPoints),
      retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
      shared,
    };
  }

  /** At start-up, waits briefly for Redis (a service starts without it, counting in memory until it is there). */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve) => this.redis.once('ready', () => resolve()));
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, STARTUP_WAIT_MS)));
    await Promise.race([ready, timeout]);
    clearTimeout(timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  private markDown(err: unknown): void {
    if (this.storeDown) return;
    this.storeDown = true;
    const reason = err instanceof Error ? err.message : String(err);
    this.logger.warn(`Redis at ${this.safeUrl()} cannot be reached (${reason}): rate limits are counted per process until it is back`);
  }

  /** The Redis URL without its password, for the log. */
  private safeUrl(): string {
    try {
      const url = new URL(this.options.redisUrl);
      if (url.password) url.password = '***';
      return url.toString();
    } catch {
      return 'REDIS_URL';
    }
  }
}

/**
 * Where the AuthGuard of @mpp/auth puts the subject (`sub`) of a token it has verified; only it sets it.
 * The rate limit counts per officer when it is set, else per client address.
 */
export const RATE_LIMIT_SUBJECT = Symbol('mpp:rate-limit-subject');

export interface RateLimitedRequest {
  [RATE_LIMIT_SUBJECT]?: string;
}

/** A 429 in the platform's error body, Indonesian first. */
export class TooManyRequestsException extends HttpException {
  constructor(retryAfterSeconds: number) {
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `Terlalu banyak permintaan; coba lagi dalam ${retryAfterSeconds} detik. (Too many requests; retry in ${retryAfterSeconds} s.)`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * Counts every HTTP request but infrastructure routes: per officer when the AuthGuard verified a token,
 * otherwise per client address (`request.ip`, which Express takes from `X-Forwarded-For` only when the
 * socket's peer is one of TRUSTED_PROXIES). Answers 429 with `Retry-After` when the bucket is spent; sets
 * `RateLimit-Limit` and `RateLimit-Remaining` on every counted answer. Registered by `AuthModule.forRoot()`
 * right after the AuthGuard; without `RateLimitModule` (unit tests of other modules) it lets everything pass.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(@Optional() private readonly limits?: RateLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.limits || context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request & RateLimitedRequest>();
    if (RATE_LIMIT_EXEMPT_PATHS.some((re) => re.test(request.path))) return true;
    const officer = request[RATE_LIMIT_SUBJECT];
    const decision = officer
      ? await this.limits.consume('officer', officer)
      : await this.limits.consume('anonymous', normaliseAddress(request.ip ?? request.socket?.remoteAddress));
    const response = http.getResponse<Response>();
    response.setHeader('RateLimit-Limit', String(decision.limit));
    response.setHeader('RateLimit-Remaining', String(decision.remaining));
    if (decision.allowed) return true;
    response.setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new TooManyRequestsException(decision.retryAfterSeconds);
  }
}

/** Default Redis of development and tests (the developers' machines run one there). */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** `RateLimits` for the service, from its configuration (REDIS_URL, RATE_LIMIT_*). Global. */
@Global()
@Module({})
export class RateLimitModule {
  static forService(serviceName: string): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        {
          provide: RATE_LIMIT_OPTIONS,
          inject: [ConfigService],
          useFactory: (config: ConfigService): RateLimitOptions => ({
            serviceName,
            redisUrl: config.get<string>('REDIS_URL') ?? DEFAULT_REDIS_URL,
            keyPrefix: config.get<string>('RATE_LIMIT_KEY_PREFIX') ?? 'mpp:rate',
            anonymousPerMinute: config.get<number>('RATE_LIMIT_PER_MINUTE') ?? 60,
            officerPerMinute: config.get<number>('RATE_LIMIT_OFFICER_PER_MINUTE') ?? 600,
          }),
        },
        RateLimits,
      ],
      exports: [RateLimits],
    };
  }
}
