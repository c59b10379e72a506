import type { ConfigService } from '@nestjs/config';
import type { PortalEnv } from '../config/portal.env';

/** Development defaults: the dev issuer of `npm run start:all` and the developers' Redis. */
export const DEV_OIDC_ISSUER = 'http://localhost:3099';
export const DEV_REDIS_URL = 'redis://127.0.0.1:6379';

/** Everything the officers' login and sessions need, resolved from the portal's configuration. */
export interface AuthSettings {
  production: boolean;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  audience: string;
  /** The origin the portal reaches the issuer at, when not the issuer's own (Compose). */
  internalOrigin?: string;
  jwksUri?: string;
  /** The portal's public origin (no trailing slash), e.g. https://mpp.example.go.id. */
  publicOrigin: string;
  /** `<publicOrigin>/auth/callback`. */
  callbackUrl: string;
  redisUrl: string;
  keyPrefix: string;
  idleSeconds: number;
  maxSeconds: number;
}

export function authSettingsFrom(config: ConfigService<PortalEnv, true>): AuthSettings {
  const production = config.get('NODE_ENV', { infer: true }) === 'production';
  const port = config.get('PORT', { infer: true });
  const publicOrigin = new URL(config.get('PUBLIC_BASE_URL', { infer: true }) ?? `http://localhost:${port}`).origin;
  return {
    production,
    issuer: (config.get('OIDC_ISSUER', { infer: true }) ?? DEV_OIDC_ISSUER).replace(/\/+$/, ''),
    clientId: config.get('OIDC_CLIENT_ID', { infer: true }),
    clientSecret: config.get('OIDC_CLIENT_SECRET', { infer: true }),
    audience: config.get('OIDC_AUDIENCE', { infer: true }),
    internalOrigin: config.get('OIDC_INTERNAL_ORIGIN', { infer: true }),
    jwksUri: config.get('OIDC_JWKS_URI', { infer: true }),
    publicOrigin,
    callbackUrl: `${publicOrigin}/auth/callback`,
    redisUrl: config.get('REDIS_URL', { infer: true }) ?? DEV_REDIS_URL,
    keyPrefix: config.get('SESSION_KEY_PREFIX', { infer: true }),
    idleSeconds: config.get('SESSION_IDLE_MINUTES', { infer: true }) * 60,
    maxSeconds: config.get('SESSION_MAX_HOURS', { infer: true }) * 3600,
  };
}
