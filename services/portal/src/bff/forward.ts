import http, { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CORRELATION_HEADER, METRICS_ROUTE_LOCAL } from '@mpp/platform';
import { ACCESS_TOKEN_LOCAL } from '../auth/officer-calls/officer-calls.middleware';
import { routeFor, Upstream, UpstreamUrls } from './routes';

/** Connection-level headers (RFC 9110 §7.6.1) that concern one hop only, never forwarded either way. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/**
 * Request headers the portal does not pass on: the browser's cookies (the portal's own session, later) and
 * credentials (tokens never come from browser JavaScript: the portal adds them itself), the Host, and the
 * forwarding headers it sets itself.
 */
const DROPPED_REQUEST_HEADERS = ['host', 'cookie', 'authorization', 'x-csrf-token', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

const SERVICE_NAMES: Record<Upstream, string> = {
  intake: 'application intake',
  verification: 'document verification',
  issuance: 'permit issuance',
};

export interface ForwardOptions {
  upstreams: UpstreamUrls;
  timeoutMs: number;
}

function connectionTokens(headers: IncomingHttpHeaders): string[] {
  const value = headers.connection;
  return typeof value === 'string' ? value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean) : [];
}

/** The headers sent to the service: the browser's, less hop-by-hop and dropped ones, plus who and which request. */
export function upstreamRequestHeaders(req: Request, target: URL, accessToken?: string): OutgoingHttpHeaders {
  const drop = new Set([...HOP_BY_HOP, ...DROPPED_REQUEST_HEADERS, ...connectionTokens(req.headers)]);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !drop.has(name)) headers[name] = value;
  }
  headers.host = target.host;
  // The end user's address (as Express resolved it behind the portal's own TRUSTED_PROXIES): the services
  // trust the portal's address and take their rate-limit and audit address from here.
  if (req.ip) headers['x-forwarded-for'] = req.ip;
  headers['x-forwarded-proto'] = req.protocol;
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  headers[CORRELATION_HEADER] = String(req.headers[CORRELATION_HEADER]);
  // The signed-in officer's token from the server-side session (auth/officer-calls), never the browser's.
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  return headers;
}

/** The service's headers for the browser, less hop-by-hop ones. */
export function downstreamHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const drop = new Set([...HOP_BY_HOP, ...connectionTokens(headers)]);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !drop.has(name)) out[name] = value;
  }
  return out;
}

function sendError(res: Response, statusCode: number, error: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(statusCode).setHeader('Cache-Control', 'no-store');
  res.json({ statusCode, error, message });
}

/**
 * The backend-for-frontend: forwards `/api/...` requests of the route table to their service, streaming
 * both bodies (uploads are never buffered). The service's answer, errors included, reaches the browser as
 * it is (status, headers, body). A service that cannot be reached is a 502, one that does not answer in
 * time a 504, both in the platform's error shape. Paths outside the table fall through (the portal's 404).
 */
export function forwardingMiddleware(options: ForwardOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = routeFor(req.originalUrl, options.upstreams);
    if (!match) return next();
    if ('refused' in match) {
      sendError(res, 400, 'Bad Request', 'path must not contain dot segments, backslashes or empty segments');
      return;
    }
    const { target, upstream } = match;
    res.locals[METRICS_ROUTE_LOCAL] = `(forwarded to ${upstream})`;
    const client = target.protocol === 'https:' ? https : http;
    const accessToken = res.locals[ACCESS_TOKEN_LOCAL] as string | undefined;
    const outgoing = client.request(target, { method: req.method, headers: upstreamRequestHeaders(req, target, accessToken), timeout: options.timeoutMs });
    let finished = false;
    outgoing.on('timeout', () => {
      if (finished) return;
      finished = true;
      if (!res.headersSent) sendError(res, 504, 'Gateway Timeout', `The ${SERVICE_NAMES[upstream]} service did not answer in time; try again shortly.`);
      else res.destroy();
      outgoing.destroy();
    });
    outgoing.on('response', (incoming) => {
      res.setHeader('Cache-Control', 'no-store');
      res.writeHead(incoming.statusCode ?? 502, downstreamHeaders(incoming.headers));
      pipeline(incoming, res, () => undefined);
    });
    // The browser went away: stop the service's work on its behalf.
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    // Refused connection, reset, timeout: the platform's error, unless the answer has begun (then cut it).
    outgoing.on('error', () => {
      if (finished) return;
      finished = true;
      if (!res.headersSent) sendError(res, 502, 'Bad Gateway', `The ${SERVICE_NAMES[upstream]} service is unavailable; try again shortly.`);
      else res.destroy();
    });
    pipeline(req, outgoing, () => undefined);
  };
}
