import { applyDecorators, createParamDecorator, type ExecutionContext, HttpStatus, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { ApiAnonymous, ApiErrors, OFFICER_BEARER_AUTH, type RateLimitedRequest } from '@mpp/platform';
import type { Request } from 'express';
import type { Officer } from './officer';
import type { OfficerRole } from './roles';

export const IS_PUBLIC_KEY = 'mpp:auth:public';
export const OPTIONAL_OFFICER_KEY = 'mpp:auth:optional-officer';
export const ROLES_KEY = 'mpp:auth:roles';

/** An HTTP request after the AuthGuard: `officer` is set when a valid token was presented. */
export interface OfficerRequest extends Request, RateLimitedRequest {
  officer?: Officer;
}

/**
 * No token needed; a presented token is ignored (not even verified). On a controller or a handler.
 * Documented as an operation without security.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiAnonymous());

/**
 * Anonymous callers are allowed, but a presented token must be valid (401 otherwise); the officer is then
 * available through `@CurrentOfficer()`. Documented as the officer token or, for anonymous callers,
 * `anonymousScheme` (e.g. `TRACKING_CODE_AUTH` where the handler asks anonymous callers for their tracking
 * code), or no credentials at all when none is given.
 */
export const OptionalOfficer = (anonymousScheme?: string) =>
  applyDecorators(
    SetMetadata(OPTIONAL_OFFICER_KEY, true),
    ApiSecurity(OFFICER_BEARER_AUTH),
    anonymousScheme ? ApiSecurity(anonymousScheme) : ApiAnonymous(),
    ApiErrors({ status: HttpStatus.UNAUTHORIZED, description: 'An officer access token was presented but is not valid' }),
  );

/**
 * The officer must hold at least one of these roles (403 otherwise); always needs a valid token. Metadata
 * of a handler replaces that of its controller (a `@Public()` handler in a `@Roles(...)` controller is
 * public); on the same level `@Roles` wins over `@Public()` / `@OptionalOfficer()` (fail closed).
 * Documented as requiring the officer token (the one scheme `OFFICER_BEARER_AUTH`), with 401 and 403.
 * Put it on handlers: on a controller its documented security is added to every handler's.
 */
export const Roles = (...roles: OfficerRole[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiSecurity(OFFICER_BEARER_AUTH),
    ApiErrors(
      HttpStatus.UNAUTHORIZED,
      ...(roles.length > 0 ? [{ status: HttpStatus.FORBIDDEN, description: `Requires one of the roles: ${roles.join(', ')}` }] : []),
    ),
  );

/** The authenticated officer of the request (`undefined` on public routes and for anonymous callers). */
export const CurrentOfficer = createParamDecorator((_data: unknown, context: ExecutionContext): Officer | undefined =>
  context.getType() === 'http' ? context.switchToHttp().getRequest<OfficerRequest>().officer : undefined,
);

// The scheme's one name, defined in every service's document by `createHttpApp` (@mpp/platform).
export { OFFICER_BEARER_AUTH };
