import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { errorText } from '@mpp/platform';

/** Resolves the verification key of a token from its header (a JSON Web Key Set). */
export type JwksResolver = JWTVerifyGetKey;

/** Where officer tokens come from and whom they are for. */
export interface OidcSettings {
  /** Expected `iss`, exactly as the provider writes it (e.g. `http://localhost:8080/realms/mpp`). */
  issuer: string;
  /** Expected `aud` (a string `aud` must equal it, an array `aud` must contain it). */
  audience: string;
  /** JWKS address; when unset, the `jwks_uri` of `${issuer}/.well-known/openid-configuration`. */
  jwksUri?: string;
  /** Allowed clock skew for `exp`/`nbf`/`iat`, in seconds (default 30). */
  clockToleranceSeconds?: number;
  /** Refuse an issuer whose discovery document carries `DEVELOPMENT_ISSUER_MARKER` (production). */
  refuseDevelopmentIssuer?: boolean;
}

/**
 * Published as `true` in the discovery document of the development token issuer (tools/dev-issuer), so
 * that a production service refuses it whatever address it is reached at.
 */
export const DEVELOPMENT_ISSUER_MARKER = 'mpp_development_issuer';

/** The key set could not be fetched (provider down, discovery failed): not the token's fault. */
export class KeySetUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`JSON Web Key Set unavailable: ${reason}`, options);
    this.name = 'KeySetUnavailableError';
  }
}

const DISCOVERY_TIMEOUT_MS = 5000;

/** The OpenID Provider configuration address of an issuer (OpenID Connect Discovery 1.0, section 4). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** Fetches the provider configuration and returns its `jwks_uri`, checking that it is for this issuer. */
export async function discoverJwksUri(issuer: string, fetchImpl: typeof fetch = fetch, refuseDevelopmentIssuer = false): Promise<string> {
  const url = discoveryUrl(issuer);
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), headers: { accept: 'application/json' } });
  } catch (err) {
    throw new KeySetUnavailableError(`discovery request to ${url} failed (${errorText(err)})`, {
      cause: err,
    });
  }
  if (!response.ok) throw new KeySetUnavailableError(`discovery at ${url} answered ${response.status}`);
  let document: { issuer?: unknown; jwks_uri?: unknown; [DEVELOPMENT_ISSUER_MARKER]?: unknown };
  try {
    document = (await response.json()) as typeof document;
  } catch {
    throw new KeySetUnavailableError(`discovery at ${url} did not answer JSON`);
  }
  if (document.issuer !== issuer) {
    throw new KeySetUnavailableError(`discovery at ${url} names another issuer (${JSON.stringify(document.issuer)})`);
  }
  if (refuseDevelopmentIssuer && document[DEVELOPMENT_ISSUER_MARKER] === true) {
    throw new KeySetUnavailableError(`${issuer} is the development token issuer (${DEVELOPMENT_ISSUER_MARKER}), refused with NODE_ENV=production`);
  }
  if (typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri)) {
    throw new KeySetUnavailableError(`discovery at ${url} has no http(s) jwks_uri`);
  }
  return document.jwks_uri;
}

/** Errors of key selection that are the token's fault (unknown `kid`, unsupported key type). */
function isTokenProblem(err: unknown): boolean {
  return (
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys ||
    err instanceof errors.JOSENotSupported ||
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JOSEAlgNotAllowed
  );
}

/**
 * The default key resolver: jose's remote JWKS (fetched on first use, cached, refetched on an unknown
 * `kid` at most every 30 s) at `settings.jwksUri`, or at the `jwks_uri` discovered from the issuer. A
 * successful discovery is cached for the life of the process; a failed one is retried on the next token.
 * Failures to reach the provider surface as `KeySetUnavailableError`.
 */
export function createJwksResolver(settings: OidcSettings, fetchImpl: typeof fetch = fetch): JwksResolver {
  let keySet: Promise<JwksResolver> | undefined;
  const load = (): Promise<JwksResolver> => {
    keySet ??= (async () => {
      const uri = settings.jwksUri ?? (await discoverJwksUri(settings.issuer, fetchImpl, settings.refuseDevelopmentIssuer));
      return createRemoteJWKSet(new URL(uri), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    })().catch((err: unknown) => {
      keySet = undefined; // retried on the next token
      throw err;
    });
    return keySet;
  };
  return async (protectedHeader, token) => {
    const resolve = await load();
    try {
      return await resolve(protectedHeader, token);
    } catch (err) {
      if (isTokenProblem(err)) throw err;
      throw new KeySetUnavailableError(errorText(err), { cause: err });
    }
  };
}
