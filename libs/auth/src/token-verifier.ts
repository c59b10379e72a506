import { Inject, Injectable, Logger, Optional, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { errors, jwtVerify } from 'jose';
import { InvalidOfficerClaimsError, type OfficerClaims, officerFromClaims } from './claims';
import { createJwksResolver, type JwksResolver, KeySetUnavailableError, type OidcSettings } from './jwks';
import type { Officer } from './officer';

/** Injection token of the `OidcSettings` (by default read from OIDC_ISSUER / OIDC_AUDIENCE / OIDC_JWKS_URI). */
export const OIDC_SETTINGS = Symbol('OIDC_SETTINGS');
/** Injection token of the `JwksResolver`; defaults to the remote (or discovered) key set of the issuer. */
export const JWKS_RESOLVER = Symbol('JWKS_RESOLVER');

/** The only signature algorithm accepted (an allow-list: `none`, HS256 and the rest are refused). */
export const ACCEPTED_ALGORITHMS = ['RS256'];
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
/** The audience officer tokens carry by default (OIDC_AUDIENCE; the Keycloak realm's audience mapper). */
export const DEFAULT_OIDC_AUDIENCE = 'mpp-platform';

/** The message of every 401 for a presented token: the reason is logged, never sent. */
export const INVALID_TOKEN_MESSAGE = 'The access token is invalid or has expired';

/** OIDC settings from the service configuration (`BaseServiceEnv`). */
export function oidcSettingsFromConfig(config: ConfigService): OidcSettings {
  const issuer = config.get<string>('OIDC_ISSUER');
  if (!issuer) throw new Error('OIDC_ISSUER is not configured');
  return {
    issuer,
    audience: config.get<string>('OIDC_AUDIENCE') || DEFAULT_OIDC_AUDIENCE,
    jwksUri: config.get<string>('OIDC_JWKS_URI') || undefined,
    refuseDevelopmentIssuer: config.get<string>('NODE_ENV') === 'production',
  };
}

/**
 * Verifies officer access tokens as an OIDC resource server: RS256 signature against the issuer's key
 * set, `iss`, `aud`, `exp` (and `nbf`/`iat` when present) with a small clock tolerance, then the officer
 * claims (`officerFromClaims`).
 */
@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger('Auth');
  private readonly jwks: JwksResolver;

  constructor(
    @Inject(OIDC_SETTINGS) private readonly settings: OidcSettings,
    @Optional() @Inject(JWKS_RESOLVER) jwks?: JwksResolver,
  ) {
    this.jwks = jwks ?? createJwksResolver(settings);
  }

  /**
   * The officer a token stands for. Throws `UnauthorizedException` (generic message) for any token
   * problem, `ServiceUnavailableException` when the issuer's key set cannot be fetched.
   */
  async verify(token: string): Promise<Officer> {
    try {
      const { payload } = await jwtVerify<OfficerClaims>(token, this.jwks, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: this.settings.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
      });
      const officer = officerFromClaims(payload);
      this.logger.debug(`Officer ${officer.id} (${officer.username}) authenticated`);
      return officer;
    } catch (err) {
      if (err instanceof KeySetUnavailableError) {
        this.logger.error(`Cannot verify access tokens: ${err.message}`);
        throw new ServiceUnavailableException('Access tokens cannot be verified right now');
      }
      this.logger.warn(`Access token refused: ${reasonOf(err)}`);
      throw new UnauthorizedException(INVALID_TOKEN_MESSAGE);
    }
  }
}

/** Why a token was refused, for the log: jose's error code and message (they never contain the token). */
function reasonOf(err: unknown): string {
  if (err instanceof InvalidOfficerClaimsError) return err.reason;
  if (err instanceof errors.JOSEError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return 'unknown error';
}
