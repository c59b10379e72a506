/** The services the portal forwards to. */
export type Upstream = 'intake' | 'verification' | 'issuance';

export type UpstreamUrls = Record<Upstream, string>;

export interface BffRoute {
  prefix: string;
  upstream: Upstream;
  /** Only for a signed-in officer (401 without a session). */
  officer: boolean;
  /** The service's path prefix, when it differs from `prefix` (the audit routes). */
  servicePrefix?: string;
}

/**
 * The backend-for-frontend's route table: which same-origin `/api/...` paths go to which service. Only
 * these prefixes are forwarded; every other `/api` path is the portal's own 404. Public routes take
 * anonymous calls (and carry the officer's token when there is a session); officer routes need a session.
 */
export const BFF_ROUTES: ReadonlyArray<BffRoute> = [
  { prefix: '/api/v1/applications', upstream: 'intake', officer: false },
  { prefix: '/api/v1/reference', upstream: 'intake', officer: false },
  { prefix: '/api/v1/offices', upstream: 'intake', officer: false },
  { prefix: '/api/v1/permits', upstream: 'issuance', officer: false },
  { prefix: '/api/v1/cases', upstream: 'verification', officer: true },
  { prefix: '/api/v1/approvals', upstream: 'issuance', officer: true },
  { prefix: '/api/v1/signing-keys', upstream: 'issuance', officer: true },
  { prefix: '/api/v1/audit/intake', upstream: 'intake', officer: true, servicePrefix: '/api/v1/audit' },
  { prefix: '/api/v1/audit/verification', upstream: 'verification', officer: true, servicePrefix: '/api/v1/audit' },
  { prefix: '/api/v1/audit/issuance', upstream: 'issuance', officer: true, servicePrefix: '/api/v1/audit' },
];

/** Dot segments, plain or percent-encoded: a path that could climb out of its prefix upstream. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

export type RouteMatch = { upstream: Upstream; target: URL; officer: boolean } | { refused: 'dot-segment' } | undefined;

/**
 * The service and URL a request path (with its query) goes to, or undefined when no route takes it.
 * A prefix matches as a whole segment (`/api/v1/permitsX` is no route).
 */
export function routeFor(pathWithQuery: string, upstreams: UpstreamUrls): RouteMatch {
  const path = pathWithQuery.split('?', 1)[0];
  const route = BFF_ROUTES.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`));
  if (!route) return undefined;
  if (DOT_SEGMENT.test(path) || path.includes('\\') || path.includes('//')) return { refused: 'dot-segment' };
  const base = new URL(upstreams[route.upstream]);
  const target = new URL(base.href);
  const servicePath = route.servicePrefix ? `${route.servicePrefix}${path.slice(route.prefix.length)}` : path;
  target.pathname = `${base.pathname.replace(/\/$/, '')}${servicePath}`;
  const query = pathWithQuery.slice(path.length);
  target.search = query.startsWith('?') ? query : '';
  return { upstream: route.upstream, target, officer: route.officer };
}
