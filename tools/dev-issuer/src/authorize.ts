import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEMO_OFFICERS, type DemoOfficer, fullName } from './demo-officers';

/** The one client the development issuer serves (the portal, a public client using PKCE). */
export const PORTAL_CLIENT_ID = 'mpp-portal';

/** Redirect URIs registered by default: the portal on its development port. */
export const DEFAULT_REDIRECT_URIS = ['http://localhost:3000/auth/callback', 'http://127.0.0.1:3000/auth/callback'];

/** How long an authorization code may be redeemed (seconds). */
export const CODE_LIFETIME_SECONDS = 60;

/** The parameters of an authorization request, checked. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
  scope: string;
}

/** A refusal: `redirect` false when the client or redirect URI cannot be trusted (shown as a page instead). */
export class AuthorizeError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly redirect: boolean,
  ) {
    super(description);
  }
}

/** Values of state, nonce and the PKCE challenge: printable, bounded (RFC 7636 §4.2 for the challenge). */
const TOKEN_LIKE = /^[\x21-\x7e]{1,512}$/;
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Checks an authorization request (response_type=code, PKCE S256 required, state and nonce required).
 * An unknown client or unregistered redirect URI is never redirected to (RFC 6749 §4.1.2.1).
 */
export function checkAuthorizationRequest(params: URLSearchParams, redirectUris: readonly string[]): AuthorizationRequest {
  const clientId = params.get('client_id') ?? '';
  if (clientId !== PORTAL_CLIENT_ID) throw new AuthorizeError('invalid_request', `unknown client_id (this issuer serves only ${PORTAL_CLIENT_ID})`, false);
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!redirectUris.includes(redirectUri)) throw new AuthorizeError('invalid_request', 'redirect_uri is not registered', false);
  if (params.get('response_type') !== 'code') throw new AuthorizeError('unsupported_response_type', 'response_type must be code', true);
  const state = params.get('state') ?? '';
  if (!TOKEN_LIKE.test(state)) throw new AuthorizeError('invalid_request', 'state is required', true);
  const nonce = params.get('nonce') ?? '';
  if (!TOKEN_LIKE.test(nonce)) throw new AuthorizeError('invalid_request', 'nonce is required', true);
  if (params.get('code_challenge_method') !== 'S256') throw new AuthorizeError('invalid_request', 'code_challenge_method must be S256 (PKCE is required)', true);
  const codeChallenge = params.get('code_challenge') ?? '';
  if (!S256_CHALLENGE.test(codeChallenge)) throw new AuthorizeError('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters)', true);
  const scope = params.get('scope') ?? 'openid';
  return { clientId, redirectUri, state, nonce, codeChallenge, scope };
}

/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

interface IssuedCode extends AuthorizationRequest {
  username: string;
  expiresAt: number;
}

/** Authorization codes: random, single-use, short-lived, bound to the client, redirect URI and PKCE challenge. */
export class CodeStore {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(private readonly lifetimeSeconds = CODE_LIFETIME_SECONDS) {}

  issue(request: AuthorizationRequest, username: string): string {
    const now = Date.now();
    for (const [code, issued] of this.codes) if (issued.expiresAt <= now) this.codes.delete(code);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { ...request, username, expiresAt: now + this.lifetimeSeconds * 1000 });
    return code;
  }

  /**
   * Redeems a code (it is gone afterwards, whatever the outcome: a replayed code is refused). Throws an
   * AuthorizeError (`invalid_grant`/`invalid_request`) when anything does not match.
   */
  redeem(form: URLSearchParams): IssuedCode {
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    if (!issued) throw new AuthorizeError('invalid_grant', 'unknown, expired or already used code', false);
    if (issued.expiresAt <= Date.now()) throw new AuthorizeError('invalid_grant', 'the code has expired', false);
    if ((form.get('client_id') ?? PORTAL_CLIENT_ID) !== issued.clientId) throw new AuthorizeError('invalid_grant', 'the code was issued to another client', false);
    if (form.get('redirect_uri') !== issued.redirectUri) throw new AuthorizeError('invalid_grant', 'redirect_uri does not match the authorization request', false);
    const verifier = form.get('code_verifier') ?? '';
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw new AuthorizeError('invalid_request', 'code_verifier is required (43 to 128 characters)', false);
    const expected = Buffer.from(issued.codeChallenge);
    const actual = Buffer.from(s256(verifier));
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new AuthorizeError('invalid_grant', 'code_verifier does not match the code_challenge', false);
    return issued;
  }
}

const ROLE_NAMES: Record<string, string> = {
  'front-desk': 'Petugas loket',
  verifier: 'Verifikator',
  'head-of-office': 'Kepala kantor',
  'office-admin': 'Admin kantor',
  'platform-admin': 'Admin platform',
};

const OFFICE_NAMES: Record<string, string> = {
  '3373': 'DPMPTSP Kota Salatiga',
  '3314': 'DPMPTSP Kabupaten Sragen',
  '6571': 'DPMPTSP Kota Tarakan',
  '7371': 'DPMPTSP Kota Makassar',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function page(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="id">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="stylesheet" href="/login.css">',
    '</head>',
    `<body><main>${body}</main></body>`,
    '</html>',
  ].join('\n');
}

function officerItem(officer: DemoOfficer): string {
  const roles = officer.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ');
  const office = officer.office ? `${OFFICE_NAMES[officer.office] ?? officer.office} (${officer.office})` : 'Semua kantor';
  const name = fullName(officer);
  return [
    '<li class="officer">',
    `<span class="name">${escapeHtml(name)}</span>`,
    `<span class="detail">${escapeHtml(roles)} · ${escapeHtml(office)}</span>`,
    `<span class="detail username">${escapeHtml(officer.username)}</span>`,
    `<button type="submit" name="username" value="${escapeHtml(officer.username)}" aria-label="Masuk sebagai ${escapeHtml(name)} (${escapeHtml(officer.username)})">Masuk</button>`,
    '</li>',
  ].join('');
}

/** The login page: pick a demo officer (no password). Bahasa Indonesia; no script; the form posts back here. */
export function loginPage(request: AuthorizationRequest): string {
  const hidden = {
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    state: request.state,
    nonce: request.nonce,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    scope: request.scope,
  };
  return page(
    'Masuk sebagai petugas — penerbit token pengembangan',
    [
      '<h1>Masuk sebagai petugas</h1>',
      '<p class="warning">Penerbit token pengembangan: tanpa kata sandi, hanya untuk pengembangan dan pengujian. ' +
        '<span lang="en">Development token issuer: no passwords, for development and tests only.</span></p>',
      '<form method="post" action="/authorize">',
      ...Object.entries(hidden).map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`),
      '<fieldset><legend>Pilih petugas demo</legend>',
      `<ul class="officers">${DEMO_OFFICERS.map(officerItem).join('')}</ul>`,
      '</fieldset>',
      '</form>',
    ].join('\n'),
  );
}

/** A refusal shown as a page (never a redirect to an untrusted address). */
export function errorPage(description: string): string {
  return page('Permintaan masuk ditolak', `<h1>Permintaan masuk ditolak</h1><p>${escapeHtml(description)}</p>`);
}

/** The page after a logout without a (registered) address to go back to. */
export function loggedOutPage(): string {
  return page('Anda telah keluar', '<h1>Anda telah keluar</h1><p>Sesi di penerbit token pengembangan telah berakhir.</p>');
}

export const LOGIN_CSS = `
body { font-family: system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1b1f24; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; }
.warning { background: #fff4d6; border: 1px solid #8a6100; padding: .75rem; border-radius: .25rem; }
fieldset { border: 0; padding: 0; margin: 0; }
legend { font-weight: 600; margin-bottom: .5rem; }
.officers { list-style: none; padding: 0; margin: 0; display: grid; gap: .5rem; }
.officer { display: grid; grid-template-columns: 1fr auto; gap: .1rem 1rem; background: #fff; border: 1px solid #c9ced6; border-radius: .25rem; padding: .6rem .8rem; }
.officer .name { font-weight: 600; }
.officer .detail { grid-column: 1; color: #3d4550; font-size: .95rem; }
.officer button { grid-column: 2; grid-row: 1 / span 3; align-self: center; font: inherit; padding: .5rem 1.2rem; background: #0b5cad; color: #fff; border: 0; border-radius: .25rem; cursor: pointer; }
.officer button:focus-visible { outline: 3px solid #1b1f24; outline-offset: 2px; }
`;
