import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Officer } from './officer';
import type { OfficerRole } from './roles';

export const IS_PUBLIC_KEY = 'mpp:auth:public';
export const OPTIONAL_OFFICER_KEY = 'mpp:auth:optional-officer';
export const ROLES_KEY = 'mpp:auth:roles';

/** An HTTP request after the AuthGuard: `officer` is set when a valid token was presented. */
export interface OfficerRequest extends Request {
  officer?: Officer;
}

/** No token needed; a presented token is ignored (not even verified). On a controller or a handler. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Anonymous callers are allowed, but a presented token must be valid (401 otherwise); the officer is then
 * available through `@CurrentOfficer()`.
 */
export const OptionalOfficer = () => SetMetadata(OPTIONAL_OFFICER_KEY, true);

/**
 * The officer must hold at least one of these roles (403 otherwise); always needs a valid token. Metadata
 * of a handler replaces that of its controller (a `@Public()` handler in a `@Roles(...)` controller is
 * public); on the same level `@Roles` wins over `@Public()` / `@OptionalOfficer()` (fail closed).
 */
export const Roles = (...roles: OfficerRole[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated officer of the request (`undefined` on public routes and for anonymous callers). */
export const CurrentOfficer = createParamDecorator((_data: unknown, context: ExecutionContext): Officer | undefined =>
  context.getType() === 'http' ? context.switchToHttp().getRequest<OfficerRequest>().officer : undefined,
);

/** Name of the bearer security scheme; register it with `new DocumentBuilder().addBearerAuth(OFFICER_BEARER_SCHEME, OFFICER_BEARER_AUTH)`. */
export const OFFICER_BEARER_AUTH = 'officer-token';
export const OFFICER_BEARER_SCHEME = {
  type: 'http' as const,
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'Officer access token (OIDC, RS256) from the identity provider',
};

/**
 * OpenAPI only: documents a route (or controller) as needing an officer token, with its 401 and, when
 * roles are given, 403 responses. Does not enforce anything: combine with `@Roles(...)` for that.
 */
export function ApiOfficerAuth(...roles: OfficerRole[]) {
  return applyDecorators(
    ApiBearerAuth(OFFICER_BEARER_AUTH),
    ApiUnauthorizedResponse({ description: 'No valid officer access token (WWW-Authenticate: Bearer)' }),
    ...(roles.length > 0 ? [ApiForbiddenResponse({ description: `Requires one of the roles: ${roles.join(', ')}` })] : []),
  );
}
