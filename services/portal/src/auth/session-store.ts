import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/** The officer as the portal shows them (from the verified access token). */
export interface SessionOfficer {
  username: string;
  name: string;
  roles: string[];
  office?: string;
}

/** A signed-in officer's session, kept only in Redis (the browser holds nothing but its random id). */
export interface OfficerSession {
  officer: SessionOfficer;
  accessToken: string;
  /** Seconds since the epoch at which the access token expires. */
  accessExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
  csrfToken: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  lastSeenAt: number;
}

/** What the login remembers between `/auth/login` and `/auth/callback` (server side, single use). */
export interface LoginState {
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

/** Redis cannot be reached: officer calls answer 503 (public pages do not need the store). */
export class SessionStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`session store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'SessionStoreUnavailableError';
  }
}

/** How long a started login may take (seconds) before its state is gone. */
export const LOGIN_STATE_SECONDS = 600;
const READY_WAIT_MS = 1000;

/** A random id of 256 bits, base64url (the session id and the login state). */
export function randomId(): string {
  return randomBytes(32).toString('base64url');
}

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Sessions and login states in Redis, each with its own expiry; no migration, nothing kept elsewhere. */
export class SessionStore {
  private readonly logger = new Logger('Sessions');
  readonly redis: Redis;
  private down = false;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(redisUrl, {
      // Fail fast while disconnected (answer 503) instead of queueing officer requests.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', (err: Error) => {
      if (!this.down) this.logger.warn(`Redis for the officer sessions cannot be reached (${err.message}): officer calls answer 503 until it is back`);
      this.down = true;
    });
    this.redis.on('ready', () => {
      if (this.down) this.logger.log('Redis for the officer sessions is reachable again');
      this.down = false;
    });
  }

  sessionKey(id: string): string {
    return `${this.prefix}:session:${id}`;
  }

  private loginKey(state: string): string {
    return `${this.prefix}:login:${state}`;
  }

  /** Runs a command, waiting briefly for a connection that is being (re)established. */
  private async run<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
    try {
      if (this.redis.status !== 'ready') {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            this.redis.off('ready', onReady);
            reject(new Error(`not connected (${this.redis.status})`));
          }, READY_WAIT_MS);
          const onReady = () => {
            clearTimeout(timer);
            resolve();
          };
          this.redis.once('ready', onReady);
        });
      }
      return await command(this.redis);
    } catch (err) {
      throw new SessionStoreUnavailableError(err);
    }
  }

  async saveLogin(state: string, login: LoginState): Promise<void> {
    await this.run((r) => r.set(this.loginKey(state), JSON.stringify(login), 'EX', LOGIN_STATE_SECONDS));
  }

  /** The login state, removed as it is read (a callback can be used once). */
  async takeLogin(state: string): Promise<LoginState | undefined> {
    if (!ID_PATTERN.test(state)) return undefined;
    const raw = await this.run((r) => r.getdel(this.loginKey(state)));
    return raw ? (JSON.parse(raw) as LoginState) : undefined;
  }

  async load(id: string): Promise<OfficerSession | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const raw = await this.run((r) => r.get(this.sessionKey(id)));
    return raw ? (JSON.parse(raw) as OfficerSession) : undefined;
  }

  /** Stores a session for `ttlSeconds` (its idle or absolute end, whichever comes first). */
  async save(id: string, session: OfficerSession, ttlSeconds: number): Promise<void> {
    await this.run((r) => r.set(this.sessionKey(id), JSON.stringify(session), 'EX', Math.max(1, Math.ceil(ttlSeconds))));
  }

  async delete(id: string): Promise<void> {
    if (!ID_PATTERN.test(id)) return;
    await this.run((r) => r.del(this.sessionKey(id)));
  }

  close(): void {
    this.redis.disconnect();
  }
}
