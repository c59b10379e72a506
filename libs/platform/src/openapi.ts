import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSecurity, DocumentBuilder, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type { SecuritySchemeObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * The one name of the officer bearer-token scheme in every service's OpenAPI document. Defined here (by
 * `createHttpApp`) and applied by the decorators of `@mpp/auth` that enforce it (`@Roles`,
 * `@OptionalOfficer`), so what is documented is what is enforced.
 */
export const OFFICER_BEARER_AUTH = 'officer-token';
export const OFFICER_BEARER_SCHEME: SecuritySchemeObject = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'Officer access token (OIDC, RS256) from the identity provider',
};

/** The entrepreneur's tracking code (given once at submission), sent in `X-Tracking-Code`. */
export const TRACKING_CODE_AUTH = 'tracking-code';
export const TRACKING_CODE_HEADER = 'X-Tracking-Code';
export const TRACKING_CODE_SCHEME: SecuritySchemeObject = {
  type: 'apiKey',
  in: 'header',
  name: TRACKING_CODE_HEADER,
  description: "The entrepreneur's tracking code, given once at submission (e.g. K7QD-9MXR-2HTA)",
};

/** Security requirement of an operation anyone may call without credentials. */
export const ANONYMOUS_SECURITY = {};

/** `@ApiSecurity({})`: anonymous callers are allowed (on its own: a public operation without security). */
export const ApiAnonymous = () => ApiSecurity(ANONYMOUS_SECURITY);

/** One violated rule of one field in a 400 answer. */
export class ApiFieldViolationView {
  @ApiProperty({ example: 'applicant.nik', description: 'Dotted path of the field' })
  field: string;

  @ApiProperty({ example: 'isNik', description: 'The rule that was broken' })
  rule: string;

  @ApiProperty({ example: 'applicant.nik must be a valid NIK (16 digits)' })
  message: string;
}

/** The body of every HTTP error (`ApiErrorBody`). */
export class ApiErrorView {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'applicant.nik must be a valid NIK (16 digits)' })
  message: string;

  @ApiPropertyOptional({ type: [ApiFieldViolationView], description: 'One entry per violated rule (400 only)' })
  details?: ApiFieldViolationView[];
}

const RATE_LIMIT_DESCRIPTION =
  'Rate limit spent (per officer when a token is presented, else per client address; see RATE_LIMIT_OFFICER_PER_MINUTE and ' +
  'RATE_LIMIT_PER_MINUTE): retry after `Retry-After` seconds';

const ERROR_DESCRIPTIONS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'Invalid request: `details` names each field and the rule it breaks',
  [HttpStatus.UNAUTHORIZED]: 'No valid officer access token (WWW-Authenticate: Bearer)',
  [HttpStatus.FORBIDDEN]: 'The role or office of the token does not allow this action',
  [HttpStatus.NOT_FOUND]: 'Not found (or not visible to this caller)',
  [HttpStatus.CONFLICT]: 'The current state does not allow this action (e.g. already decided, claimed by another officer)',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'The body is larger than the accepted size',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'The content type is not accepted',
  [HttpStatus.TOO_MANY_REQUESTS]: RATE_LIMIT_DESCRIPTION,
};

/**
 * Documents error answers in the platform's error body, e.g. `@ApiErrors(400, 404, 409)`; a description per
 * status may be given. The body is JSON also where the operation produces something else (a PDF).
 */
export function ApiErrors(...answers: Array<HttpStatus | { status: HttpStatus; description: string }>) {
  return applyDecorators(
    ApiExtraModels(ApiErrorView),
    ...answers.map((a) => {
      const { status, description } = typeof a === 'number' ? { status: a, description: ERROR_DESCRIPTIONS[a] ?? HttpStatus[a] } : a;
      return ApiResponse({ status, description, content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorView) } } } });
    }),
  );
}

/** The document builder with the platform's security schemes, under their one name each. */
export function platformDocumentBuilder(options: { title: string; description: string; version?: string }): DocumentBuilder {
  return new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version ?? '1.0.0')
    .addBearerAuth(OFFICER_BEARER_SCHEME, OFFICER_BEARER_AUTH)
    .addSecurity(TRACKING_CODE_AUTH, TRACKING_CODE_SCHEME);
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Makes each operation's security explicit, as the AuthGuard enforces it: an operation documented only as
 * anonymous (`[{}]`) is public (`security: []`); one without any requirement needs an officer token (the
 * guard's fail-closed default), except the infrastructure paths (`/health`), which are public. Security
 * schemes no operation uses are dropped.
 */
export function finishSecurity(document: OpenAPIObject): OpenAPIObject {
  const used = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      let security = operation.security ?? [];
      if (security.length > 0 && security.every((requirement) => Object.keys(requirement).length === 0)) {
        security = [];
      } else if (security.length === 0) {
        security = /^\/health(\/|$)/.test(path) ? [] : [{ [OFFICER_BEARER_AUTH]: [] }];
      }
      operation.security = security;
      for (const requirement of security) Object.keys(requirement).forEach((name) => used.add(name));
    }
  }
  const schemes = document.components?.securitySchemes ?? {};
  for (const name of Object.keys(schemes)) if (!used.has(name)) delete schemes[name];
  return document;
}

/** Paths the rate limits leave alone (RATE_LIMIT_EXEMPT_PATHS of rate-limit.ts, as OpenAPI paths). */
const UNLIMITED_PATHS = /^\/(health(\/|$)|metrics\/?$|docs([-/].*)?$)/;

/**
 * Documents the 429 answer (with `Retry-After`) on every operation the rate limits apply to: all but the
 * infrastructure routes (`RateLimitGuard` counts every other request).
 */
export function documentRateLimits(document: OpenAPIObject): OpenAPIObject {
  const hasErrorView = Boolean(document.components?.schemas?.[ApiErrorView.name]);
  for (const [path, item] of Object.entries(document.paths)) {
    if (UNLIMITED_PATHS.test(path)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses ??= {};
      operation.responses['429'] = {
        description: RATE_LIMIT_DESCRIPTION,
        headers: {
          'Retry-After': { description: 'Seconds until the limit allows another request', schema: { type: 'integer', minimum: 1 } },
        },
        ...(hasErrorView ? { content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorView) } } } } : {}),
      };
    }
  }
  return document;
}
