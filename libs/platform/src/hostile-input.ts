import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { FieldViolation } from '@mpp/contracts';
import { ApiErrorBody, RequestValidationException } from './errors';

/**
 * Input no handler should ever see, refused once for every service before validation and the database:
 * - control characters (U+0000–U+001F, U+007F) in path parameters, query values and the headers used as
 *   input (PostgreSQL refuses a NUL in a text parameter, which used to surface as a 500);
 * - JSON bodies nested deeper than `MAX_BODY_DEPTH` (class-transformer and class-validator recurse and
 *   overflow the stack) and NUL characters anywhere in a JSON body.
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
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > maxDepth) {
      return { field: 'body', rule: 'maxDepth', message: `body must not be nested more than ${maxDepth} levels deep` };
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return nulViolation(path ? `${path} (a key)` : 'body (a key)');
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
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
