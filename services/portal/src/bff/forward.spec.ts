import http, { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ACCESS_TOKEN_LOCAL } from '../auth/officer-calls/officer-calls.middleware';
import { forwardingMiddleware } from './forward';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A stand-in service that records what reached it and answers as told. */
async function fakeService(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      answer(req, res);
    });
  });
  return { server, url: await listen(server), seen };
}

/** The portal's forwarding in an Express app, with the correlation id set as the portal's middleware does. */
async function portal(upstreams: { intake: string; issuance: string }, options: { trustProxy?: string; timeoutMs?: number; accessToken?: string } = {}) {
  const app = express();
  if (options.trustProxy) app.set('trust proxy', options.trustProxy);
  app.use((req, res, next) => {
    req.headers['x-correlation-id'] = req.headers['x-correlation-id'] ?? 'generated-id';
    // As the officer-calls middleware does for a live session.
    if (options.accessToken) res.locals[ACCESS_TOKEN_LOCAL] = options.accessToken;
    next();
  });
  app.use('/api', forwardingMiddleware({ upstreams: { ...upstreams, verification: 'http://127.0.0.1:9' }, timeoutMs: options.timeoutMs ?? 5000 }));
  app.use((_req, res) => res.status(404).json({ statusCode: 404, error: 'Not Found', message: 'portal 404' }));
  const server = http.createServer(app);
  return { server, url: await listen(server) };
}

describe('forwarding to the services', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(close));
  });

  it("passes the end user's address in X-Forwarded-For and the correlation id, and drops browser credentials", async () => {
    const intake = await fakeService((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
    const bff = await portal({ intake: intake.url, issuance: intake.url });
    servers.push(intake.server, bff.server);

    const res = await fetch(`${bff.url}/api/v1/reference/kbli?q=47112`, {
      headers: { 'x-correlation-id': 'corr-123', 'x-forwarded-for': '6.6.6.6', cookie: 'sid=secret', authorization: 'Bearer stolen', 'x-tracking-code': 'ABCD' },
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    const [request] = intake.seen;
    expect(request.url).toBe('/api/v1/reference/kbli?q=47112');
    // Not the address the browser claimed: the portal trusts no proxy here, so the socket's peer.
    expect(request.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(request.headers['x-correlation-id']).toBe('corr-123');
    expect(request.headers['x-tracking-code']).toBe('ABCD');
    expect(request.headers.cookie).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers.host).toBe(new URL(intake.url).host);
  });

  it("adds the session's access token as the bearer, never the browser's Authorization, cookie or CSRF header", async () => {
    const intake = await fakeService((_req, res) => res.writeHead(204).end());
    const bff = await portal({ intake: intake.url, issuance: intake.url }, { accessToken: 'server-side-token' });
    servers.push(intake.server, bff.server);

    await fetch(`${bff.url}/api/v1/applications/X`, { method: 'POST', headers: { authorization: 'Bearer from-browser', cookie: 'mpp_session=abc', 'x-csrf-token': 'csrf' } });

    expect(intake.seen[0].headers.authorization).toBe('Bearer server-side-token');
    expect(intake.seen[0].headers.cookie).toBeUndefined();
    expect(intake.seen[0].headers['x-csrf-token']).toBeUndefined();
  });

  it('takes the end user from a trusted proxy in front of the portal', async () => {
    const intake = await fakeService((_req, res) => res.writeHead(204).end());
    const bff = await portal({ intake: intake.url, issuance: intake.url }, { trustProxy: 'loopback' });
    servers.push(intake.server, bff.server);

    await fetch(`${bff.url}/api/v1/offices`, { headers: { 'x-forwarded-for': '203.0.113.7' } });

    expect(intake.seen[0].headers['x-forwarded-for']).toBe('203.0.113.7');
  });

  it("passes a service's error through as it is: status, JSON body, headers", async () => {
    const body = { statusCode: 404, error: 'Not Found', message: 'Application not found' };
    const issuance = await fakeService((_req, res) => res.writeHead(404, { 'content-type': 'application/json', 'retry-after': '7' }).end(JSON.stringify(body)));
    const bff = await portal({ intake: 'http://127.0.0.1:9', issuance: issuance.url });
    servers.push(issuance.server, bff.server);

    const res = await fetch(`${bff.url}/api/v1/permits/NOPE/verification`);

    expect(res.status).toBe(404);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual(body);
  });

  it('streams a multipart upload to the service byte for byte', async () => {
    const intake = await fakeService((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}'));
    const bff = await portal({ intake: intake.url, issuance: intake.url });
    servers.push(intake.server, bff.server);
    const file = Buffer.alloc(256 * 1024, 7);
    const form = new FormData();
    form.append('type', 'KTP');
    form.append('file', new Blob([file], { type: 'application/pdf' }), 'ktp.pdf');

    const res = await fetch(`${bff.url}/api/v1/applications/X/documents`, { method: 'POST', body: form });

    expect(res.status).toBe(201);
    const [request] = intake.seen;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.body.length).toBeGreaterThan(file.length);
    expect(request.body.includes(file)).toBe(true);
  });

  it("answers 502 in the platform's error shape when the service is down", async () => {
    const bff = await portal({ intake: 'http://127.0.0.1:9', issuance: 'http://127.0.0.1:9' });
    servers.push(bff.server);

    const res = await fetch(`${bff.url}/api/v1/applications/X`);

    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ statusCode: 502, error: 'Bad Gateway', message: expect.stringContaining('application intake') });
  });

  it('answers 504 when the service does not answer in time', async () => {
    const slow = await fakeService(() => undefined);
    const bff = await portal({ intake: slow.url, issuance: slow.url }, { timeoutMs: 200 });
    servers.push(bff.server);

    const res = await fetch(`${bff.url}/api/v1/applications/X`);

    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ statusCode: 504, error: 'Gateway Timeout' });
    slow.server.closeAllConnections();
    await close(slow.server);
  });

  it('leaves paths outside the route table to the portal (its 404), and refuses dot segments', async () => {
    const intake = await fakeService((_req, res) => res.writeHead(200).end());
    const bff = await portal({ intake: intake.url, issuance: intake.url });
    servers.push(intake.server, bff.server);

    const other = await fetch(`${bff.url}/api/v1/nothing`);
    // Sent raw: fetch would resolve the encoded dot segment itself (WHATWG URL parsing).
    const climbing = await new Promise<number>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port: new URL(bff.url).port, path: '/api/v1/permits/%2e%2e/cases' }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject),
    );

    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ message: 'portal 404' });
    expect(climbing).toBe(400);
    expect(intake.seen).toHaveLength(0);
  });
});
