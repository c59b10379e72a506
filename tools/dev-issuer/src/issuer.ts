import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import { DEFAULT_OIDC_AUDIENCE, DEVELOPMENT_ISSUER_MARKER } from '@mpp/auth';
import { errorText } from '@mpp/platform';
import { AuthorizeError, CodeStore, checkAuthorizationRequest, DEFAULT_REDIRECT_URIS, errorPage, LOGIN_CSS, loggedOutPage, loginPage, PORTAL_CLIENT_ID } from './authorize';
import { DEMO_OFFICERS, findDemoOfficer, fullName } from './demo-officers';

export interface DevIssuerOptions {
  /** Port to listen on; 0 picks a free one (the returned `port`/`url` tell which). */
  port: number;
  /** Interface to listen on (default 127.0.0.1: the issuer mints tokens for anyone who can reach it). */
  host?: string;
  /** `iss` of the tokens and base of the endpoints (default `http://127.0.0.1:<port>`, or localhost for a wildcard host). */
  issuerUrl?: string;
  /** `aud` of the tokens (default `mpp-platform`). */
  audience?: string;
  /** NODE_ENV to check (default `process.env.NODE_ENV`): anything but `development` or `test` refuses to start. */
  env?: string;
  /** Token lifetime in seconds (default 3600). */
  tokenLifetimeSeconds?: number;
  /**
   * Redirect URIs of the portal client (`mpp-portal`) the authorization endpoint sends codes to; exact
   * matches only. Default: the portal's development callback on localhost:3000 and 127.0.0.1:3000.
   */
  redirectUris?: string[];
  /** Authorization code lifetime in seconds (default 60). */
  codeLifetimeSeconds?: number;
}

/**
 * Changes to the claims of one token (tests): a claim set to `undefined` is removed, any other value
 * replaces the default (`office`, `aud`, `iss`, `sub`, `typ`, `iat`, `exp`...). `roles` replaces
 * `realm_access.roles`; `expiresIn` is seconds from now (negative: already expired) or a jose time span
 * such as `'5m'`.
 */
export interface TokenOverrides {
  roles?: string[];
  expiresIn?: number | string;
  [claim: string]: unknown;
}

export interface DevIssuer {
  /** The issuer URL (`iss`). */
  url: string;
  /** The port actually listened on. */
  port: number;
  jwksUri: string;
  /** A signed access token for a demo officer; throws for an unknown username. */
  tokenFor(username: string, overrides?: TokenOverrides): Promise<string>;
  stop(): Promise<void>;
}

/** NODE_ENV values the development issuer starts with (an allow-list: unset, `prod`, `staging`... refuse). */
export const DEV_ISSUER_ENVIRONMENTS = ['development', 'test'];
/** Interfaces the development issuer may listen on: loopback only. */
export const DEV_ISSUER_HOSTS = ['127.0.0.1', '::1', 'localhost'];

const WHY = 'it hands out officer tokens to anyone who asks, without a password. In any other installation use a real ' +
  'OpenID Connect provider (deploy/keycloak) and point OIDC_ISSUER at it.';

/** The refusal for a NODE_ENV other than development or test. */
export function devIssuerEnvironmentRefusal(env: string | undefined): string {
  return `The development token issuer starts only with NODE_ENV=development or NODE_ENV=test (got ${env === undefined ? 'nothing' : JSON.stringify(env)}): ${WHY}`;
}

/** The refusal for a listening interface other than loopback. */
export function devIssuerHostRefusal(host: string): string {
  return `The development token issuer listens only on loopback (${DEV_ISSUER_HOSTS.join(', ')}; DEV_ISSUER_HOST got ${JSON.stringify(host)}): ${WHY}`;
}


const DEFAULT_LIFETIME_SECONDS = 3600;
const MAX_BODY_BYTES = 16 * 1024;
/** The client the tokens claim to be issued to, as the Keycloak realm's portal client. */
const AUTHORIZED_PARTY = 'mpp-portal';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error_description ?? body.error));
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, { error: 'invalid_request', error_description: 'body too large' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `username` from a JSON body (`{"username": "..."}`) or a form body (`username=...`). */
function usernameFrom(contentType: string | undefined, body: string): string {
  let value: unknown;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    value = new URLSearchParams(body).get('username');
  } else {
    try {
      value = (JSON.parse(body) as { username?: unknown } | null)?.username;
    } catch {
      throw new HttpError(400, { error: 'invalid_request', error_description: 'body must be JSON {"username": "..."} or a form username=...' });
    }
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw new HttpError(400, { error: 'invalid_request', error_description: 'username is required' });
  }
  return value;
}

function sendHtml(res: ServerResponse, status: number, html: string, formTargets: string[] = []) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // No script at all; the form may post here and be redirected on to the registered client.
    'content-security-policy': `default-src 'none'; style-src 'self'; form-action 'self' ${formTargets.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { location, 'cache-control': 'no-store', 'content-length': 0 });
  res.end();
}

/** The redirect URI with query parameters added (its own query kept). */
function withParams(uri: string, params: Record<string, string>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

function defaultIssuerUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return `http://localhost:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

/**
 * Starts a development OpenID Connect token issuer (plain node:http): discovery, JWKS, and a token
 * endpoint that signs an access token (RS256, fresh key per start) for any demo officer named in the
 * request — no password. Starts only with NODE_ENV development or test, and only on a loopback interface.
 *
 * - `GET /.well-known/openid-configuration`
 * - `GET /jwks`
 * - `POST /token` with `{"username": "salatiga.verifier"}` or `username=salatiga.verifier` →
 *   `{ access_token, token_type: 'Bearer', expires_in }` (400 for an unknown username)
 * - `GET /officers`: the demo officers (username, name, roles, office)
 * - `GET /authorize` (authorization code flow, PKCE S256 required, client `mpp-portal`, registered
 *   redirect URIs only): a login page listing the demo officers; its form posts to `POST /authorize`,
 *   which redirects to the redirect URI with `code` and `state`
 * - `POST /token` with `grant_type=authorization_code` (code single-use and short-lived, PKCE verifier
 *   and redirect URI checked) → `{ access_token, id_token, token_type, expires_in, scope }`
 * - `GET /logout` (end session): back to `post_logout_redirect_uri` when it is on a registered origin
 */
export async function startDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const env = options.env ?? process.env.NODE_ENV;
  if (env === undefined || !DEV_ISSUER_ENVIRONMENTS.includes(env)) throw new Error(devIssuerEnvironmentRefusal(env));
  const host = options.host ?? '127.0.0.1';
  if (!DEV_ISSUER_HOSTS.includes(host.toLowerCase())) throw new Error(devIssuerHostRefusal(host));

  const audience = options.audience ?? DEFAULT_OIDC_AUDIENCE;
  const lifetime = options.tokenLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  const redirectUris = options.redirectUris ?? DEFAULT_REDIRECT_URIS;
  const redirectOrigins = [...new Set(redirectUris.map((uri) => new URL(uri).origin))];
  const codes = new CodeStore(options.codeLifetimeSeconds);
  const kid = `dev-${randomUUID()}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };

  // Filled in once listening (port 0 → the real port).
  let issuer = '';

  async function tokenFor(username: string, overrides: TokenOverrides = {}): Promise<string> {
    const officer = findDemoOfficer(username);
    if (!officer) throw new Error(`unknown demo officer: ${username}`);
    const now = Math.floor(Date.now() / 1000);
    const { roles, expiresIn, ...claimOverrides } = overrides;
    const claims: Record<string, unknown> = {
      iss: issuer,
      aud: audience,
      sub: officer.id,
      typ: 'Bearer',
      azp: AUTHORIZED_PARTY,
      jti: randomUUID(),
      iat: now,
      exp: now + lifetime,
      scope: 'openid profile',
      preferred_username: officer.username,
      name: fullName(officer),
      given_name: officer.firstName,
      family_name: officer.lastName,
      // Keycloak also lists the realm's default composite role; the platform ignores roles it does not know.
      realm_access: { roles: roles ?? [...officer.roles, 'default-roles-mpp'] },
      ...(officer.office ? { office: officer.office } : {}),
    };
    if (typeof expiresIn === 'number') claims.exp = now + expiresIn;
    for (const [claim, value] of Object.entries(claimOverrides)) {
      if (value === undefined) delete claims[claim];
      else claims[claim] = value;
    }
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid });
    if (typeof expiresIn === 'string') jwt.setExpirationTime(expiresIn);
    return jwt.sign(privateKey as KeyLike);
  }

  /** An ID token for the portal client (aud = client id) carrying the authorization request's nonce. */
  async function idTokenFor(username: string, nonce: string): Promise<string> {
    const officer = findDemoOfficer(username);
    if (!officer) throw new Error(`unknown demo officer: ${username}`);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      nonce,
      typ: 'ID',
      azp: PORTAL_CLIENT_ID,
      auth_time: now,
      preferred_username: officer.username,
      name: fullName(officer),
      ...(officer.office ? { office: officer.office } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .setIssuer(issuer)
      .setAudience(PORTAL_CLIENT_ID)
      .setSubject(officer.id)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime)
      .sign(privateKey as KeyLike);
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') throw new HttpError(405, { error: 'method_not_allowed', error_description: 'use GET or POST' });
    const params = method === 'GET' ? url.searchParams : new URLSearchParams(await readBody(req));
    let request: ReturnType<typeof checkAuthorizationRequest>;
    try {
      request = checkAuthorizationRequest(params, redirectUris);
    } catch (err) {
      if (!(err instanceof AuthorizeError)) throw err;
      if (!err.redirect) return sendHtml(res, 400, errorPage(err.description));
      const state = params.get('state');
      return redirect(res, withParams(params.get('redirect_uri') ?? '', { error: err.error, error_description: err.description, ...(state ? { state } : {}) }));
    }
    if (method === 'GET') return sendHtml(res, 200, loginPage(request), redirectOrigins);
    const username = params.get('username') ?? '';
    if (!findDemoOfficer(username)) return sendHtml(res, 400, errorPage('Petugas demo tidak dikenal.'));
    return redirect(res, withParams(request.redirectUri, { code: codes.issue(request, username), state: request.state, iss: issuer }));
  }

  async function codeGrant(res: ServerResponse, form: URLSearchParams): Promise<void> {
    let issued: ReturnType<CodeStore['redeem']>;
    try {
      issued = codes.redeem(form);
    } catch (err) {
      if (err instanceof AuthorizeError) throw new HttpError(400, { error: err.error, error_description: err.description });
      throw err;
    }
    const [accessToken, idToken] = await Promise.all([tokenFor(issued.username), idTokenFor(issued.username, issued.nonce)]);
    return send(
      res,
      200,
      { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: lifetime, scope: issued.scope },
      { 'cache-control': 'no-store', pragma: 'no-cache' },
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://issuer');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const only = (allowed: string) => {
      if (method !== allowed) throw new HttpError(405, { error: 'method_not_allowed', error_description: `use ${allowed}` });
    };
    switch (path) {
      case '/.well-known/openid-configuration':
        only('GET');
        return send(res, 200, {
          issuer,
          jwks_uri: `${issuer}/jwks`,
          token_endpoint: `${issuer}/token`,
          authorization_endpoint: `${issuer}/authorize`,
          end_session_endpoint: `${issuer}/logout`,
          id_token_signing_alg_values_supported: ['RS256'],
          subject_types_supported: ['public'],
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code'],
          code_challenge_methods_supported: ['S256'],
          scopes_supported: ['openid', 'profile'],
          authorization_response_iss_parameter_supported: true,
          token_endpoint_auth_methods_supported: ['none'],
          claims_supported: ['iss', 'aud', 'exp', 'iat', 'sub', 'preferred_username', 'name', 'realm_access', 'office'],
          // Production services refuse an issuer that publishes this (libs/auth discovery).
          [DEVELOPMENT_ISSUER_MARKER]: true,
        });
      case '/jwks':
        only('GET');
        return send(res, 200, { keys: [publicJwk] });
      case '/officers':
        only('GET');
        return send(
          res,
          200,
          DEMO_OFFICERS.map((o) => ({ username: o.username, name: fullName(o), roles: o.roles, ...(o.office ? { office: o.office } : {}) })),
        );
      case '/authorize':
        return authorize(req, res, url);
      case '/login.css':
        only('GET');
        res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' });
        return void res.end(LOGIN_CSS);
      case '/logout': {
        only('GET');
        const target = url.searchParams.get('post_logout_redirect_uri');
        if (target && URL.canParse(target) && redirectOrigins.includes(new URL(target).origin)) {
          const state = url.searchParams.get('state');
          return redirect(res, state ? withParams(target, { state }) : target);
        }
        return sendHtml(res, 200, loggedOutPage());
      }
      case '/token': {
        only('POST');
        const body = await readBody(req);
        if (req.headers['content-type']?.includes('application/x-www-form-urlencoded')) {
          const form = new URLSearchParams(body);
          if (form.get('grant_type') === 'authorization_code') return codeGrant(res, form);
        }
        const username = usernameFrom(req.headers['content-type'], body);
        if (!findDemoOfficer(username)) {
          throw new HttpError(400, { error: 'invalid_grant', error_description: 'unknown demo officer (see GET /officers)' });
        }
        const accessToken = await tokenFor(username);
        return send(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: lifetime }, { 'cache-control': 'no-store' });
      }
      default:
        throw new HttpError(404, { error: 'not_found', error_description: `no route ${method} ${path}` });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof HttpError) return send(res, err.status, err.body);
      send(res, 500, { error: 'server_error', error_description: errorText(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  issuer = (options.issuerUrl ?? defaultIssuerUrl(host, port)).replace(/\/+$/, '');

  return {
    url: issuer,
    port,
    jwksUri: `${issuer}/jwks`,
    tokenFor,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
