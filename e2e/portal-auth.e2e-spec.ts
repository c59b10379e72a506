import { createServer, type Server, type Socket, connect } from 'node:net';
import Redis from 'ioredis';
import { eventually, type RunningService, TEST_REDIS_URL } from '@mpp/testing';
import { application, call, Json, PORTAL_PORT, PORTAL_SESSION_PREFIX, RunningPlatform, startPlatform, startPortal } from './support/platform';

/**
 * The officers' login through the portal, over HTTP as a browser does it (redirects followed by hand):
 * the portal's authorization code + PKCE client against the development issuer, sessions in the real test
 * Redis, officer calls forwarded to the real services with the session's bearer token.
 */
describe('portal: officer login and sessions', () => {
  let platform: RunningPlatform;
  let portal: RunningService;
  let portalUrl: string;
  let redis: Redis;
  let redisProxy: TcpProxy;

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    redisProxy = await tcpProxy(new URL(TEST_REDIS_URL));
    platform = await startPlatform({ TRUSTED_PROXIES: 'loopback' });
    // Redis reached through a proxy the test can cut (Redis down) without touching the shared Redis.
    portal = await startPortal(platform, { TRUSTED_PROXIES: 'loopback', REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`, SESSION_IDLE_MINUTES: '5' });
    portalUrl = portal.url;
  });

  afterAll(async () => {
    await portal?.stop();
    await platform?.stop();
    await redisProxy?.close();
    redis?.disconnect();
  });

  interface Login {
    sessionId: string;
    cookie: string;
    setCookie: string;
    location: string;
    bodies: string[];
  }

  const cookieOf = (setCookies: string[], name: string) => setCookies.find((c) => c.startsWith(`${name}=`));

  /** Signs in through the portal and the issuer's login page, as the browser's redirects would. */
  async function login(username: string, returnTo = '/petugas/antrian?status=baru', headers: Record<string, string> = {}): Promise<Login> {
    const bodies: string[] = [];
    const start = await fetch(`${portalUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual', headers });
    expect(start.status).toBe(303);
    bodies.push(await start.text());
    const loginCookie = cookieOf(start.headers.getSetCookie(), 'mpp_login');
    expect(loginCookie).toMatch(/^mpp_login=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600$/);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin + authorize.pathname).toBe(`${platform.issuerUrl}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${portalUrl}/auth/callback`);

    const page = await fetch(authorize);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Masuk sebagai petugas');
    const form = new URLSearchParams(authorize.searchParams);
    form.set('username', username);
    const picked = await fetch(`${platform.issuerUrl}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    expect(picked.status).toBe(303);
    const callback = picked.headers.get('location') ?? '';
    expect(callback.startsWith(`${portalUrl}/auth/callback?`)).toBe(true);

    const done = await fetch(callback, { redirect: 'manual', headers: { ...headers, cookie: [loginCookie?.split(';')[0], headers.cookie].filter(Boolean).join('; ') } });
    expect(done.status).toBe(303);
    bodies.push(await done.text());
    const setCookie = cookieOf(done.headers.getSetCookie(), 'mpp_session') ?? '';
    const sessionId = /^mpp_session=([^;]*)/.exec(setCookie)?.[1] ?? '';
    return { sessionId, cookie: `mpp_session=${sessionId}`, setCookie, location: done.headers.get('location') ?? '', bodies };
  }

  async function session(cookie: string) {
    return call(`${portalUrl}/auth/session`, { headers: { cookie } });
  }

  const sessionKey = (id: string) => `${PORTAL_SESSION_PREFIX}:session:${id}`;

  it('signs an officer in: a random httpOnly SameSite=Lax cookie, the session in Redis, back to the page asked for', async () => {
    const signedIn = await login('salatiga.verifier', '/petugas/antrian?status=baru');

    expect(signedIn.location).toBe('/petugas/antrian?status=baru');
    expect(signedIn.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    // Plain http on 127.0.0.1: no Secure flag (and so no __Host- prefix); production refuses http elsewhere.
    expect(signedIn.setCookie).toBe(`mpp_session=${signedIn.sessionId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=36000`);
    const ttl = await redis.ttl(sessionKey(signedIn.sessionId));
    expect(ttl).toBeGreaterThan(250);
    expect(ttl).toBeLessThanOrEqual(300); // SESSION_IDLE_MINUTES=5

    const { status, body, headers } = await session(signedIn.cookie);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      officer: { username: 'salatiga.verifier', name: 'Dewi Lestari', roles: ['verifier'], office: '3373' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect((await session('')).body).toEqual({ officer: null });
  });

  it('sends returnTo anywhere but /petugas back to /petugas', async () => {
    expect((await login('salatiga.frontdesk', 'https://evil.test/petugas')).location).toBe('/petugas');
    expect((await login('salatiga.frontdesk', '//evil.test/x')).location).toBe('/petugas');
  });

  it('rotates the session id at login: the earlier session of the browser ends', async () => {
    const first = await login('sragen.verifier');
    const second = await login('sragen.verifier', '/petugas', { cookie: first.cookie });
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(await redis.exists(sessionKey(first.sessionId))).toBe(0);
    expect((await session(first.cookie)).body).toEqual({ officer: null });
    expect((await session(second.cookie)).body.officer.username).toBe('sragen.verifier');
  });

  it('never lets a token reach the browser: no response body, no JavaScript-visible cookie carries one', async () => {
    const signedIn = await login('salatiga.verifier');
    const stored = JSON.parse((await redis.get(sessionKey(signedIn.sessionId))) ?? '{}') as { accessToken: string; idToken?: string };
    expect(stored.accessToken).toMatch(/^eyJ/);
    const tokens = [stored.accessToken, stored.idToken].filter((t): t is string => typeof t === 'string');
    expect(tokens.length).toBe(2);

    const seen: string[] = [...signedIn.bodies, signedIn.setCookie];
    const sessionRes = await fetch(`${portalUrl}/auth/session`, { headers: { cookie: signedIn.cookie } });
    seen.push(await sessionRes.text(), ...sessionRes.headers.getSetCookie());
    const cases = await fetch(`${portalUrl}/api/v1/cases`, { headers: { cookie: signedIn.cookie } });
    seen.push(await cases.text(), JSON.stringify([...cases.headers]));
    const page = await fetch(`${portalUrl}/petugas`, { headers: { cookie: signedIn.cookie } });
    seen.push(await page.text(), JSON.stringify([...page.headers]));

    for (const text of seen) {
      for (const token of tokens) expect(text).not.toContain(token);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\./);
    }
    // The only cookie is the httpOnly session id.
    expect(signedIn.setCookie).toContain('HttpOnly');
  });

  it('answers 401 in the platform error shape for an officer route without a (live) session', async () => {
    for (const path of ['/api/v1/cases', '/api/v1/approvals', '/api/v1/signing-keys', '/api/v1/audit/intake', '/api/v1/audit/verification', '/api/v1/audit/issuance']) {
      const anonymous = await call(`${portalUrl}${path}`);
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
      expect(anonymous.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('Sign in') });
    }
    const unknown = await call(`${portalUrl}/api/v1/cases`, { headers: { cookie: `mpp_session=${'A'.repeat(43)}` } });
    expect(unknown.status).toBe(401);
    // A bearer token from the browser is never passed on.
    const bearer = await call(`${portalUrl}/api/v1/cases`, { token: await platform.token('salatiga.verifier') });
    expect(bearer.status).toBe(401);
    // Public routes still take anonymous calls.
    expect((await call(`${portalUrl}/api/v1/offices`)).status).toBe(200);
  });

  it("forwards officer calls with the session's token; CSRF refusals for state-changing calls; the services see the end user's address", async () => {
    const nik = `33730112038${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`;
    const submitted = await call(`${portalUrl}/api/v1/applications`, { body: application({ nik, kbli: '86105' }) });
    expect(submitted.status).toBe(201);
    const verifier = await login('salatiga.verifier');
    const csrf = (await session(verifier.cookie)).body.csrfToken as string;

    const opened = await eventually<Json>(async () => {
      const r = await call(`${portalUrl}/api/v1/cases?status=AWAITING_OFFICER`, { headers: { cookie: verifier.cookie } });
      expect(r.status).toBe(200);
      return r.body.find((c: Json) => c.applicationNumber === submitted.body.applicationNumber);
    });
    const claim = (headers: Record<string, string>) => call(`${portalUrl}/api/v1/cases/${opened.id}/claim`, { method: 'POST', headers: { cookie: verifier.cookie, ...headers } });

    const refused = [
      await claim({}),
      await claim({ 'x-csrf-token': 'not-the-token' }),
      await claim({ 'x-csrf-token': csrf, origin: 'https://evil.test' }),
      await claim({ 'x-csrf-token': csrf, 'sec-fetch-site': 'cross-site' }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.stringMatching(/^Request refused: /) });
    }
    const untouched = await call(`${portalUrl}/api/v1/cases/${opened.id}`, { headers: { cookie: verifier.cookie } });
    expect(untouched.body.assignedTo ?? null).toBeNull();

    // An end user behind a proxy the portal trusts (loopback): the service records their address.
    const claimed = await claim({ 'x-csrf-token': csrf, origin: portalUrl, 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '203.0.113.45' });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ id: opened.id, assignedTo: expect.any(String) });

    const admin = await login('salatiga.admin');
    const audit = await eventually<Json>(async () => {
      const r = await call(`${portalUrl}/api/v1/audit/verification?action=case.claimed&subjectId=${opened.id}`, { headers: { cookie: admin.cookie } });
      expect(r.status).toBe(200);
      return r.body[0];
    });
    expect(audit).toMatchObject({ action: 'case.claimed', sourceIp: '203.0.113.45', actor: { kind: 'officer' } });
    // Each service's audit trail through its own route.
    expect((await call(`${portalUrl}/api/v1/audit/intake`, { headers: { cookie: admin.cookie } })).status).toBe(200);
  });

  it('ends the session at logout (CSRF-checked), deletes the cookie and points at the issuer end-session page', async () => {
    const signedIn = await login('tarakan.verifier');
    const csrf = (await session(signedIn.cookie)).body.csrfToken as string;

    const forged = await call(`${portalUrl}/auth/logout`, { method: 'POST', headers: { cookie: signedIn.cookie } });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(await redis.exists(sessionKey(signedIn.sessionId))).toBe(1);

    const out = await fetch(`${portalUrl}/auth/logout`, { method: 'POST', headers: { cookie: signedIn.cookie, 'x-csrf-token': csrf, origin: portalUrl } });
    expect(out.status).toBe(200);
    const { redirectTo } = (await out.json()) as { redirectTo: string };
    const endSession = new URL(redirectTo);
    expect(endSession.origin + endSession.pathname).toBe(`${platform.issuerUrl}/logout`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${portalUrl}/`);
    expect(cookieOf(out.headers.getSetCookie(), 'mpp_session')).toMatch(/^mpp_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
    expect(await redis.exists(sessionKey(signedIn.sessionId))).toBe(0);
    expect((await session(signedIn.cookie)).body).toEqual({ officer: null });
    expect((await call(`${portalUrl}/api/v1/cases`, { headers: { cookie: signedIn.cookie } })).status).toBe(401);
  });

  it('refuses a callback whose state this browser did not start, and a replayed callback', async () => {
    const start = await fetch(`${portalUrl}/auth/login?returnTo=/petugas`, { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location') ?? '');
    const form = new URLSearchParams(authorize.searchParams);
    form.set('username', 'makassar.verifier');
    const picked = await fetch(`${platform.issuerUrl}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    const callback = picked.headers.get('location') ?? '';
    // Without the login cookie (another browser, a forged link): refused, to the login-failed page.
    const foreign = await fetch(callback, { redirect: 'manual' });
    expect(foreign.status).toBe(303);
    expect(foreign.headers.get('location')).toBe('/masuk-gagal?sebab=kedaluwarsa');
    expect(cookieOf(foreign.headers.getSetCookie(), 'mpp_session')).toBeUndefined();

    const loginCookie = (cookieOf(start.headers.getSetCookie(), 'mpp_login') ?? '').split(';')[0];
    const own = await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } });
    expect(own.headers.get('location')).toBe('/petugas');
    expect(cookieOf(own.headers.getSetCookie(), 'mpp_session')).toBeDefined();
    // The same callback again (a replay): the login state is spent.
    const replayed = await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } });
    expect(replayed.headers.get('location')).toBe('/masuk-gagal?sebab=kedaluwarsa');
    expect(cookieOf(replayed.headers.getSetCookie(), 'mpp_session')).toBeUndefined();
  });

  it('answers 503 for officer calls while Redis is down; public pages and calls keep working; back afterwards', async () => {
    const signedIn = await login('salatiga.verifier');
    redisProxy.cut();
    try {
      const down = await call(`${portalUrl}/api/v1/cases`, { headers: { cookie: signedIn.cookie } });
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringContaining('session store') });
      expect((await call(`${portalUrl}/auth/session`, { headers: { cookie: signedIn.cookie } })).status).toBe(503);
      expect((await call(`${portalUrl}/api/v1/offices`, { headers: { cookie: signedIn.cookie } })).status).toBe(200);
      expect((await call(`${portalUrl}/api/v1/offices`)).status).toBe(200);
      const home = await fetch(`${portalUrl}/`);
      expect(home.status).toBe(200);
      // A login cannot start: the browser is sent to a page saying so, not to raw JSON.
      const start = await fetch(`${portalUrl}/auth/login`, { redirect: 'manual' });
      expect(start.headers.get('location')).toBe('/masuk-gagal?sebab=tidak-tersedia');
    } finally {
      redisProxy.restore();
    }
    await eventually(async () => ((await call(`${portalUrl}/api/v1/cases`, { headers: { cookie: signedIn.cookie } })).status === 200 ? true : undefined));
  });

  it('uses PORTAL_PORT for its portal', () => {
    expect(portalUrl).toBe(`http://127.0.0.1:${PORTAL_PORT}`);
  });
});

interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones (the backend looks down). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A TCP proxy to `target` that a test can cut and restore. */
async function tcpProxy(target: URL): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cut: () => {
      open = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore: () => {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        open = false;
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
