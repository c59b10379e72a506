import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { routeFor, type UpstreamUrls } from '../../bff/routes';
import { csrfRefusal, isSafeMethod } from '../csrf';
import type { PortalAuth } from '../portal-auth';
import { type OfficerSession, SessionStoreUnavailableError } from '../session-store';

/** The 503 message when Redis (the session store) cannot be reached. */
export const SESSION_STORE_DOWN = 'Officer sessions are unavailable right now (the session store cannot be reached); try again shortly.';
/** The 401 message of an officer route without a (live) session. */
export const SIGN_IN_FIRST = 'Sign in as an officer first (GET /auth/login).';

/** `res.locals` key of the access token the forwarding adds as `Authorization: Bearer` (never sent to the browser). */
export const ACCESS_TOKEN_LOCAL = 'officerAccessToken';

function refuse(res: Response, statusCode: number, error: string, message: string): void {
  res.status(statusCode).setHeader('Cache-Control', 'no-store');
  res.json({ statusCode, error, message });
}

/**
 * Before the forwarding of `/api/...`: finds the officer's session from the cookie, and
 * - officer routes without a live session: 401; with the session store down: 503;
 * - state-changing calls of a session: X-CSRF-Token must equal the session's (and Origin/Sec-Fetch-Site,
 *   when sent, must be the portal's own), else 403;
 * - with a session: hands the access token to the forwarding (res.locals), which adds the bearer header.
 * Public calls without a cookie pass as they are (anonymous), and so do public GETs while Redis is down.
 */
export function officerCallsMiddleware(auth: PortalAuth, upstreams: UpstreamUrls): RequestHandler {
  const logger = new Logger('OfficerCalls');
  return (req: Request, res: Response, next: NextFunction) => {
    const match = routeFor(req.originalUrl, upstreams);
    if (!match || 'refused' in match) return next();
    const id = auth.sessionId(req);
    if (!id) {
      if (match.officer) return refuse(res, 401, 'Unauthorized', SIGN_IN_FIRST);
      return next();
    }
    auth.sessions.resume(id).then(
      (session: OfficerSession | undefined) => {
        if (!session) {
          auth.clearSessionCookie(res);
          if (match.officer) return refuse(res, 401, 'Unauthorized', SIGN_IN_FIRST);
          return next();
        }
        if (!isSafeMethod(req.method)) {
          const refusal = csrfRefusal(req.headers, session.csrfToken, auth.settings.publicOrigin);
          if (refusal) {
            logger.warn(`${req.method} ${req.path} of ${session.officer.username} refused: ${refusal}`);
            return refuse(res, 403, 'Forbidden', `Request refused: ${refusal}`);
          }
        }
        res.locals[ACCESS_TOKEN_LOCAL] = session.accessToken;
        next();
      },
      (err: unknown) => {
        if (!(err instanceof SessionStoreUnavailableError)) return next(err);
        if (!match.officer && isSafeMethod(req.method)) return next();
        res.setHeader('Retry-After', '5');
        refuse(res, 503, 'Service Unavailable', SESSION_STORE_DOWN);
      },
    );
  };
}
