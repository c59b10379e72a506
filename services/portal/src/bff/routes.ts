/** The services the portal forwards to. */
export type Upstream = 'intake' | 'verification' | 'issuance';

export type UpstreamUrls = Record<Upstream, string>;

/**
 * The backend-for-frontend's route table: which same-origin `/api/...` paths go to which service. Only
 * these prefixes are forwarded; every other `/api` path is the portal's own 404. Public routes only in
 * this slice (officer routes arrive with the login).
 */
export const BFF_ROUTES: ReadonlyArray<{ prefix: string; upstream: Upstream }> = [
  { prefix: '/api/v1/applications', upstream: 'intake' },
  { prefix: '/api/v1/reference', upstream: 'intake' },
  { prefix: '/api/v1/offices', upstream: 'intake' },
  { prefix: '/api/v1/permits', upstream: 'issuance' },
];

/** Dot segments, plain or percent-encoded: a path that could climb out of its prefix upstream. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

export type RouteMatch = { upstream: Upstream; target: URL } | { refused: 'dot-segment' } | undefined;

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
  target.pathname = `${base.pathname.replace(/\/$/, '')}${path}`;
  const query = pathWithQuery.slice(path.length);
  target.search = query.startsWith('?') ? query : '';
  return { upstream: route.upstream, target };
}
