import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';
import { isNotHttps, looksLikeDevIssuer, RefuseInProduction, toInt } from '@mpp/platform';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

const emptyIsUnset = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL is http:// on a host other than localhost/127.0.0.1 (only a developer's machine may use http). */
export function isRemoteHttp(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol !== 'https:' && !LOCAL_HOSTS.has(url.hostname);
}

/** The portal's settings: where the services answer, and where its built web app lies. */
export class PortalEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Base URL of application intake (applications, reference data, offices). */
  @IsUrl(URL_OPTIONS)
  INTAKE_URL = 'http://127.0.0.1:3001';

  /** Base URL of document verification (the officers' cases and their documents). */
  @IsUrl(URL_OPTIONS)
  VERIFICATION_URL = 'http://127.0.0.1:3002';

  /** Base URL of permit issuance (permits, their verification and certificates). */
  @IsUrl(URL_OPTIONS)
  ISSUANCE_URL = 'http://127.0.0.1:3003';

  /** Milliseconds the portal waits for a service's answer before a 504. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300000)
  UPSTREAM_TIMEOUT_MS = 30000;

  /** Directory of the built web app (index.html, assets/); by default the build's dist/services/portal/web. */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  WEB_ROOT?: string;

  /**
   * Proxies in front of the portal (a TLS terminator) whose X-Forwarded-For is believed, as Express's
   * `trust proxy` list; unset: the socket's peer is the end user.
   */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  TRUSTED_PROXIES?: string;

  /**
   * Issuer of the officers' login (OpenID Connect discovery at `<issuer>/.well-known/openid-configuration`):
   * the Keycloak realm URL. Default outside production: the development issuer on http://localhost:3099.
   */
  @Transform(emptyIsUnset)
  @ValidateIf((env: PortalEnv) => env.OIDC_ISSUER !== undefined || env.NODE_ENV === 'production')
  @RefuseInProduction<PortalEnv>('required', (value) => value === undefined, 'must be set: the OpenID Connect provider officers sign in with (deploy/keycloak)')
  @IsUrl(URL_OPTIONS)
  @RefuseInProduction<PortalEnv>('https', isNotHttps, 'must be an https:// URL: officer tokens must travel over TLS')
  @RefuseInProduction<PortalEnv>('devIssuer', looksLikeDevIssuer, 'must not be the development token issuer (a loopback address or port 3099): it signs anyone in without a password')
  OIDC_ISSUER?: string;

  /**
   * Where the portal itself reaches the issuer's origin when it differs from the browsers' address (Compose:
   * browsers use http://localhost:8080, the portal http://keycloak:8080). Requests to the issuer's origin go
   * here instead; the issuer's identity (`iss`) stays OIDC_ISSUER.
   */
  @Transform(emptyIsUnset)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  OIDC_INTERNAL_ORIGIN?: string;

  /** Address of the issuer's signing keys for the portal's token check (default: discovered from the issuer). */
  @Transform(emptyIsUnset)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  OIDC_JWKS_URI?: string;

  /** The portal's client id at the provider (a public client using PKCE; Keycloak realm client `mpp-portal`). */
  @IsString()
  @IsNotEmpty()
  OIDC_CLIENT_ID = 'mpp-portal';

  /** Client secret when the provider registers the portal as a confidential client (optional; PKCE either way). */
  @Transform(emptyIsUnset)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /** Audience (aud) the officers' access tokens carry, checked before the portal trusts them. */
  @IsString()
  @IsNotEmpty()
  OIDC_AUDIENCE = 'mpp-platform';

  /**
   * The portal's public address as browsers reach it (the login callback is `<it>/auth/callback`, the
   * session cookie is Secure unless it is http://localhost or http://127.0.0.1). Default outside
   * production: http://localhost:<PORT>.
   */
  @Transform(emptyIsUnset)
  @ValidateIf((env: PortalEnv) => env.PUBLIC_BASE_URL !== undefined || env.NODE_ENV === 'production')
  @RefuseInProduction<PortalEnv>('required', (value) => value === undefined, 'must be set: the address browsers reach the portal at (the login callback and cookies depend on it)')
  @IsUrl(URL_OPTIONS)
  @Matches(/^https?:\/\/[^/?#]+\/?$/, { message: 'must be an origin (scheme, host, optional port) without a path' })
  @RefuseInProduction<PortalEnv>('https', isRemoteHttp, 'must be an https:// URL (plain http only on localhost): session cookies must be Secure')
  PUBLIC_BASE_URL?: string;

  /** Redis keeping the officers' sessions (redis:// or rediss://). Default outside production: redis://127.0.0.1:6379. */
  @Transform(emptyIsUnset)
  @ValidateIf((env: PortalEnv) => env.REDIS_URL !== undefined || env.NODE_ENV === 'production')
  @RefuseInProduction<PortalEnv>('required', (value) => value === undefined, 'must be set: officer sessions are kept in Redis')
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of the session keys in Redis (lets several deployments or test runs share one Redis). */
  @Matches(/^[A-Za-z0-9:_.-]{1,60}$/, { message: 'must be 1 to 60 letters, digits or : _ . -' })
  SESSION_KEY_PREFIX = 'mpp:portal';

  /** Minutes without a request after which an officer's session ends. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  SESSION_IDLE_MINUTES = 30;

  /** Hours after login at which an officer's session ends whatever the activity. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(168)
  SESSION_MAX_HOURS = 10;
}
