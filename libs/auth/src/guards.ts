import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RATE_LIMIT_SUBJECT } from '@mpp/platform';
import { IS_PUBLIC_KEY, OPTIONAL_OFFICER_KEY, type OfficerRequest, ROLES_KEY } from './decorators';
import { hasRole } from './officer';
import type { OfficerRole } from './roles';
import { TokenVerifier } from './token-verifier';

/**
 * Paths of infrastructure routes that the services cannot annotate with `@Public()` because their
 * controllers live outside the service (health checks in libs/platform, `/metrics` of
 * @willsoto/nestjs-prometheus, the OpenAPI UI and document at `/docs`, `/docs-json`, `/docs-yaml`).
 * Such a route is public only when neither its controller class nor its handler carries any auth
 * metadata (`@Public`, `@OptionalOfficer`, `@Roles`) and both the request path and the matched route
 * pattern fall under one of these paths. (Swagger UI routes are mounted on the HTTP adapter directly and
 * never reach the guards; they are listed for completeness.)
 */
export const DEFAULT_PUBLIC_PATHS: readonly RegExp[] = [/^\/health(\/|$)/, /^\/metrics\/?$/, /^\/docs([-/].*)?$/];

export const AUTH_GUARD_OPTIONS = Symbol('AUTH_GUARD_OPTIONS');

export interface AuthGuardOptions {
  /** Infrastructure paths treated as public (see `DEFAULT_PUBLIC_PATHS`). */
  publicPaths: readonly RegExp[];
}

/** What a route asks of its caller. */
export interface AuthRequirement {
  /** `public`: no token; `optional`: a token if any must be valid; `required`: a valid token. */
  mode: 'public' | 'optional' | 'required';
  /** At least one of these roles (empty: any officer). Non-empty roles always mean `required`. */
  roles: OfficerRole[];
}

/** `Authorization: Bearer <token>` → the token; `undefined` for any other form. */
export function bearerTokenFrom(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  // RFC 6750 b64token; the scheme is case-insensitive.
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  return match?.[1];
}

type HeaderSink = { setHeader?: (name: string, value: string) => unknown; header?: (name: string, value: string) => unknown };

/** RFC 6750 challenge on a 401: `Bearer` when no token came, `Bearer error="..."` for a bad one. */
function challenge(response: HeaderSink, error?: 'invalid_request' | 'invalid_token'): void {
  const value = error ? `Bearer error="${error}"` : 'Bearer';
  if (typeof response.setHeader === 'function') response.setHeader('WWW-Authenticate', value);
  else if (typeof response.header === 'function') response.header('WWW-Authenticate', value);
}

/**
 * The requirement the route's own metadata states: the handler's metadata if it has any, else its
 * controller's; `undefined` when neither carries `@Public`, `@OptionalOfficer` or `@Roles`. On one level,
 * `@Roles` wins over `@Public` / `@OptionalOfficer` (fail closed).
 */
export function declaredAuthRequirement(reflector: Reflector, context: ExecutionContext): AuthRequirement | undefined {
  for (const target of [context.getHandler(), context.getClass()]) {
    if (!target) continue;
    const roles = reflector.get<OfficerRole[] | undefined>(ROLES_KEY, target);
    if (roles !== undefined) return { mode: 'required', roles };
    if (reflector.get<boolean | undefined>(IS_PUBLIC_KEY, target)) return { mode: 'public', roles: [] };
    if (reflector.get<boolean | undefined>(OPTIONAL_OFFICER_KEY, target)) return { mode: 'optional', roles: [] };
  }
  return undefined;
}

/** The requirement of the HTTP route being executed: declared, else public for infrastructure paths, else required. */
export function authRequirementOf(reflector: Reflector, context: ExecutionContext, publicPaths: readonly RegExp[]): AuthRequirement {
  const declared = declaredAuthRequirement(reflector, context);
  if (declared) return declared;
  if (isInfrastructureRoute(context.switchToHttp().getRequest<OfficerRequest>(), publicPaths)) return { mode: 'public', roles: [] };
  return { mode: 'required', roles: [] };
}

function isInfrastructureRoute(request: OfficerRequest, publicPaths: readonly RegExp[]): boolean {
  const paths = [request.path];
  // The pattern Express matched (e.g. `/health/live`): the request path alone could be crafted.
  const pattern: unknown = request.route?.path;
  if (typeof pattern === 'string') paths.push(pattern);
  return paths.every((path) => typeof path === 'string' && publicPaths.some((re) => re.test(path)));
}

/**
 * Authentication for every HTTP route (registered globally by `AuthModule.forRoot()`): a valid
 * `Authorization: Bearer` officer token is required unless the route is `@Public()`,
 * `@OptionalOfficer()` (then a presented token must still be valid) or an infrastructure route (see
 * `DEFAULT_PUBLIC_PATHS`). The verified officer is put on `request.officer`. Non-HTTP contexts (Kafka
 * handlers) pass untouched. A refusal is a 401 with `WWW-Authenticate: Bearer`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');
  private readonly publicPaths: readonly RegExp[];

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Optional() @Inject(AUTH_GUARD_OPTIONS) options?: AuthGuardOptions,
  ) {
    this.publicPaths = options?.publicPaths ?? DEFAULT_PUBLIC_PATHS;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<OfficerRequest>();
    const response = http.getResponse<HeaderSink>();
    const { mode } = authRequirementOf(this.reflector, context, this.publicPaths);
    if (mode === 'public') {
      await this.rateLimitSubjectOnPublicRoute(request);
      return true;
    }

    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      if (mode === 'optional') return true;
      challenge(response);
      throw new UnauthorizedException('An officer access token is required (Authorization: Bearer <token>)');
    }
    const token = bearerTokenFrom(header);
    if (!token) {
      this.logger.warn(`Malformed Authorization header on ${request.method} ${request.path}`);
      challenge(response, 'invalid_request');
      throw new UnauthorizedException('The Authorization header must be "Bearer <access token>"');
    }
    try {
      request.officer = await this.verifier.verify(token);
    } catch (err) {
      if (err instanceof UnauthorizedException) challenge(response, 'invalid_token');
      throw err;
    }
    request[RATE_LIMIT_SUBJECT] = request.officer.id;
    return true;
  }

  /**
   * On a public route the token is not the handler's business, but an officer's calls (the KBLI list at
   * the counter) should count against the officer's rate limit, not the office's shared address. A valid
   * token names the bucket; a missing or invalid one leaves the caller anonymous, and the handler never
   * sees the officer.
   */
  private async rateLimitSubjectOnPublicRoute(request: OfficerRequest): Promise<void> {
    const token = bearerTokenFrom(request.headers.authorization);
    if (!token) return;
    try {
      request[RATE_LIMIT_SUBJECT] = (await this.verifier.verify(token)).id;
    } catch {
      // Anonymous: counted per client address.
    }
  }
}

/**
 * Function-level authorization (registered globally after `AuthGuard`): a route with `@Roles(...)` needs
 * an officer holding at least one of them; otherwise 403 Forbidden (logged with the officer's id).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const roles = declaredAuthRequirement(this.reflector, context)?.roles ?? [];
    if (roles.length === 0) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<OfficerRequest>();
    const officer = request.officer;
    if (!officer) {
      // Only reachable when AuthGuard did not run first: fail closed.
      challenge(http.getResponse<HeaderSink>());
      throw new UnauthorizedException('An officer access token is required (Authorization: Bearer <token>)');
    }
    if (hasRole(officer, ...roles)) return true;
    this.logger.warn(
      `Officer ${officer.id} (roles ${officer.roles.join(',')}, office ${officer.office ?? '-'}) refused ${request.method} ${request.path}: needs one of ${roles.join(', ')}`,
    );
    throw new ForbiddenException('Your role does not allow this action');
  }
}
