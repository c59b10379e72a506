import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path, { sep } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Placeholder the web app's build writes where the per-response CSP nonce goes (vite.config.mts, html.cspNonce). */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/** The built web app: dist/services/portal/web beside the compiled backend (dist/services/portal/services/portal/src). */
export function defaultWebRoot(): string {
  return path.resolve(__dirname, '../../../../web');
}

/** Paths the single-page app never answers: the API, the login routes, built assets, and the infrastructure routes. */
const NOT_A_PAGE = /^\/(api|auth|assets|health|metrics)(\/|$)/;

/** Whether a request is a page load the web app answers with index.html (its router picks the page). */
export function isPageRequest(req: Pick<Request, 'method' | 'path'> & { accepts(type: string): string | false }): boolean {
  return ['GET', 'HEAD'].includes(req.method) && !NOT_A_PAGE.test(req.path) && !path.extname(req.path) && req.accepts('html') !== false;
}

/**
 * A strict Content-Security-Policy: scripts and everything else only from the portal itself (nothing from a
 * CDN, no inline script); styles from the portal plus those carrying this response's nonce (the component
 * library injects one small style element and reads the nonce from index.html's csp-nonce meta tag).
 */
export function securityHeaders() {
  return [
    (_req: Request, res: Response, next: NextFunction) => {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      next();
    },
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
          // blob: the officer screens show an applicant's document (fetched with the session) inline.
          'img-src': ["'self'", 'data:', 'blob:'],
          'frame-src': ["'self'", 'blob:'],
          'font-src': ["'self'"],
          'connect-src': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'none'"],
          'object-src': ["'none'"],
        },
      },
      strictTransportSecurity: false,
    }),
  ];
}

/**
 * Serves the built web app: hashed assets cached for good, everything else revalidated; any other page
 * path gets index.html (the SPA fallback) with this response's nonce. API and asset paths that nothing
 * answers fall through to the platform's JSON 404.
 */
export function serveWebApp(app: NestExpressApplication, root: string): void {
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`The web app is not built: ${indexFile} is missing (run: npx nx run portal:build)`);
  const indexHtml = readFileSync(indexFile, 'utf8');
  app.useStaticAssets(root, {
    index: false,
    redirect: false,
    setHeaders: (res, file) => res.setHeader('Cache-Control', file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isPageRequest(req)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(indexHtml.replaceAll(NONCE_PLACEHOLDER, res.locals.cspNonce as string));
  });
}
