import {
  ArgumentMetadata,
  BadRequestException,
  CallHandler,
  CanActivate,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  PipeTransform,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import type { FieldViolation } from '@mpp/contracts';
import { ApiErrorBody, RequestValidationException } from './errors';

/**
 * Input no handler should ever see, refused once for every service before validation and the database:
 * - control characters (U+0000–U+001F, U+007F) in path parameters, query values and the headers used as
 *   input (PostgreSQL refuses a NUL in a text parameter, which used to surface as a 500);
 * - JSON bodies nested deeper than `MAX_BODY_DEPTH` (class-transformer and class-validator recurse and
 *   overflow the stack), NUL characters anywhere in a JSON body, and lone UTF-16 surrogates (`"\ud800"`:
 *   PostgreSQL refuses them in `jsonb`, and validator.js's `encodeURI` throws on them);
 * - a path that is not valid percent-encoded UTF-8 (`%zz`, `%ED%A0%80`), before routing;
 * - body-parser's refusals (unknown charset or content encoding, a body that does not inflate), answered
 *   with their 4xx status instead of falling through to a 500;
 * - a path parameter that must be a UUID (`ParseUuidPipe`), and multipart bodies multer cannot read
 *   (`MultipartErrorsInterceptor`), answered 400 naming the field.
 */

/** The deepest JSON body accepted; the platform's own bodies are at most four levels deep. */
export const MAX_BODY_DEPTH = 32;

/** Headers whose values handlers use as input. */
export const INPUT_HEADERS = ['idempotency-key', 'x-tracking-code'] as const;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export function containsControlCharacter(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

function controlCharacterViolation(field: string, where: string): FieldViolation {
  return {
    field,
    rule: 'noControlCharacters',
    message: `${field} (${where}) must not contain control characters (U+0000 to U+001F, U+007F)`,
  };
}

/** Every string in a parsed query value (strings, arrays, nested objects), with its dotted name. */
function queryStrings(value: unknown, name: string): Array<[string, string]> {
  if (typeof value === 'string') return [[name, value]];
  if (Array.isArray(value)) return value.flatMap((v: unknown, i) => queryStrings(v, `${name}.${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => queryStrings(v, `${name}.${k}`));
  return [];
}

/** The violations of control characters in a request's path parameters, query and input headers. */
export function controlCharacterViolations(req: Pick<Request, 'params' | 'query' | 'headers'>): FieldViolation[] {
  const violations: FieldViolation[] = [];
  for (const [name, value] of Object.entries(req.params ?? {})) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && containsControlCharacter(v))) {
      violations.push(controlCharacterViolation(name, 'path parameter'));
    }
  }
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (containsControlCharacter(key)) violations.push(controlCharacterViolation(key, 'query parameter name'));
    for (const [name, text] of queryStrings(value, key)) {
      if (containsControlCharacter(text)) violations.push(controlCharacterViolation(name, 'query parameter'));
    }
  }
  for (const header of INPUT_HEADERS) {
    const value = req.headers?.[header];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    if (values.some((v) => containsControlCharacter(v))) violations.push(controlCharacterViolation(header, 'header'));
  }
  return violations;
}

/**
 * Global guard (registered first by `createHttpApp`, so it runs before every other guard, pipe and
 * handler): answers 400 naming each path parameter, query parameter or input header that holds a control
 * character. It runs after routing, so it can name the parameter.
 */
@Injectable()
export class ControlCharacterGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const violations = controlCharacterViolations(context.switchToHttp().getRequest<Request>());
    if (violations.length > 0) throw new RequestValidationException(violations);
    return true;
  }
}

/**
 * The first violation in a parsed JSON body: nesting deeper than `maxDepth`, or a NUL character in a
 * string or a key (PostgreSQL cannot store one). Walks iteratively, so any depth is safe to inspect.
 */
export function jsonBodyViolation(body: unknown, maxDepth = MAX_BODY_DEPTH): FieldViolation | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return nulViolation(path || 'body');
      if (hasLoneSurrogate(value)) return loneSurrogateViolation(path || 'body');
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > maxDepth) {
      return { field: 'body', rule: 'maxDepth', message: `body must not be nested more than ${maxDepth} levels deep` };
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return nulViolation(path ? `${path} (a key)` : 'body (a key)');
      if (hasLoneSurrogate(key)) return loneSurrogateViolation(path ? `${path} (a key)` : 'body (a key)');
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A UTF-16 surrogate without its pair (not well-formed Unicode; `String.prototype.isWellFormed` is ES2024). */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

function loneSurrogateViolation(field: string): FieldViolation {
  return { field, rule: 'wellFormedUnicode', message: `${field} must be well-formed Unicode (no lone surrogate such as \\ud800)` };
}

function nulViolation(field: string): FieldViolation {
  return { field, rule: 'noNulCharacter', message: `${field} must not contain a NUL character (U+0000)` };
}

/** Express middleware after the JSON body parser: refuses too-deep bodies and NUL characters with a 400. */
export function jsonBodyShapeMiddleware(maxDepth = MAX_BODY_DEPTH) {
  return (req: Request, res: Response, next: NextFunction) => {
    const violation = req.body === undefined ? undefined : jsonBodyViolation(req.body, maxDepth);
    if (!violation) return next();
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: violation.message, details: [violation] } satisfies ApiErrorBody);
  };
}

/** The first segment of a path that is not valid percent-encoded UTF-8, if any. */
export function malformedPathSegment(path: string): { index: number; segment: string } | undefined {
  const segments = path.split('?')[0].split('/');
  for (let index = 0; index < segments.length; index++) {
    try {
      decodeURIComponent(segments[index]);
    } catch {
      return { index, segment: segments[index] };
    }
  }
  return undefined;
}

/**
 * Express middleware before routing: a path segment that does not decode (Express would answer
 * "Failed to decode param" naming nothing) is a 400 naming the path.
 */
export function pathEncodingMiddleware() {
  return (req: Request, res: Response, next: NextFunction) => {
    const malformed = malformedPathSegment(req.originalUrl ?? req.url);
    if (!malformed) return next();
    const violation: FieldViolation = {
      field: 'path',
      rule: 'percentEncoding',
      message: `path segment ${malformed.index} must be percent-encoded UTF-8`,
    };
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: violation.message, details: [violation] } satisfies ApiErrorBody);
  };
}

/**
 * Express error middleware right after the body parsers: every refusal of theirs (malformed JSON, too
 * large, unknown charset or content encoding, a body that does not inflate) keeps its 4xx status and names
 * the body or the header at fault; before, the ones without a handler of their own became 500s.
 */
export function bodyParserErrorMiddleware() {
  return (err: { type?: string; status?: number; statusCode?: number; message?: string; charset?: string; encoding?: string }, _req: Request, res: Response, next: NextFunction) => {
    const status = err?.status ?? err?.statusCode;
    if (!status || status < 400 || status >= 500) return next(err);
    const violation = bodyParserViolation(err);
    const body: ApiErrorBody = { statusCode: status, error: errorName(status), message: violation.message, details: [violation] };
    res.status(status).json(body);
  };
}

export function bodyParserViolation(err: { type?: string; message?: string; charset?: string; encoding?: string }): FieldViolation {
  switch (err.type) {
    case 'entity.parse.failed':
      return { field: 'body', rule: 'json', message: `body: must be valid JSON (${err.message})` };
    case 'entity.too.large':
      return { field: 'body', rule: 'maxSize', message: 'body: is larger than the accepted size' };
    case 'charset.unsupported':
      return { field: 'content-type', rule: 'charset', message: 'content-type: the charset must be utf-8' };
    case 'encoding.unsupported':
      return { field: 'content-encoding', rule: 'encoding', message: 'content-encoding: must be identity, gzip, deflate or br' };
    default:
      return { field: 'body', rule: 'readable', message: 'body: could not be read (does it match its Content-Encoding and Content-Length?)' };
  }
}

function errorName(status: number): string {
  return (
    { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type' } as Record<number, string>
  )[status] ?? 'Bad Request';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** `@Param('id', ParseUuidPipe)`: a UUID, or a 400 naming the parameter (Nest's ParseUUIDPipe names none). */
@Injectable()
export class ParseUuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value;
    const field = metadata.data ?? 'id';
    throw new RequestValidationException([{ field, rule: 'isUuid', message: `${field} must be a UUID` }]);
  }
}

/** multer's and busboy's refusals, by their message, as the field they concern. */
export function multipartViolation(message: string, fileField: string): FieldViolation | undefined {
  const unexpected = /^Unexpected file field - (.*)$/.exec(message) ?? /^Unexpected field$/.exec(message);
  if (unexpected) {
    const field = unexpected[1] ?? 'body';
    return { field, rule: 'unexpectedFile', message: `${field} is not a file field here (send the file as ${fileField})` };
  }
  if (/^Too many (files|parts)$/.test(message)) return { field: fileField, rule: 'maxCount', message: `${fileField}: send one file` };
  if (/^Too many fields$/.test(message)) return { field: 'body', rule: 'maxFields', message: 'body: too many form fields' };
  if (/^(Multipart|Malformed|Unexpected end of form|Boundary not found)/i.test(message) || /^Field (name|value) too long$/.test(message)) {
    return { field: 'body', rule: 'multipart', message: `body must be a well-formed multipart/form-data body (${message})` };
  }
  return undefined;
}

/**
 * Placed before `FileInterceptor(fileField)` in `@UseInterceptors(...)`: turns multer's 400s (a body it
 * cannot parse, an unexpected or second file) into the platform's 400 naming the field.
 */
export function MultipartErrorsInterceptor(fileField: string): new () => NestInterceptor {
  @Injectable()
  class MultipartErrors implements NestInterceptor {
    intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
      return next.handle().pipe(
        catchError((err: unknown) => {
          if (err instanceof BadRequestException && !(err instanceof RequestValidationException)) {
            const violation = multipartViolation(err.message, fileField);
            if (violation) return throwError(() => new RequestValidationException([violation]));
          }
          if (err instanceof HttpException || !(err instanceof Error)) return throwError(() => err);
          const violation = multipartViolation(err.message, fileField);
          return throwError(() => (violation ? new RequestValidationException([violation]) : err));
        }),
      );
    }
  }
  return MultipartErrors;
}

/** `@ApiConsumes(...)` of @nestjs/swagger stores the media types an operation takes under this key. */
const API_CONSUMES = 'swagger/apiConsumes';

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && Number(length) > 0) || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Global guard: a POST, PUT or PATCH with a body in a media type the operation does not take (its
 * `@ApiConsumes`, `application/json` when it names none) is a 415 naming `content-type`. Before, only JSON
 * was parsed and any other body was ignored, so a `PATCH` of an office sent as text/plain or XML answered
 * 200 having changed nothing.
 */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector = new Reflector()) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!['POST', 'PUT', 'PATCH'].includes(req.method) || !hasBody(req)) return true;
    const accepted = this.reflector.getAllAndOverride<string[] | undefined>(API_CONSUMES, [context.getHandler(), context.getClass()]) ?? ['application/json'];
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (accepted.includes(type)) return true;
    const message = `content-type must be ${accepted.join(' or ')}${type ? ` (not ${type})` : ''}`;
    throw new UnsupportedMediaTypeException({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message,
      details: [{ field: 'content-type', rule: 'mediaType', message }],
    } satisfies ApiErrorBody);
  }
}
