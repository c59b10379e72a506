import type { FieldViolation } from '@mpp/contracts';

/**
 * Keys that name an object's prototype machinery rather than data: `__proto__`, `prototype` and every member
 * of `Object.prototype` (`constructor`, `toString`, `hasOwnProperty`, …).
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/**
 * The first prototype key (`__proto__`, `constructor`, `prototype`, `toString`, …) in a request body or query
 * (JSON.parse, qs and multer make them own properties). class-transformer skips such keys without a word, so
 * they used to pass where any other unknown field is a 400 (`forbidNonWhitelisted`); now they are refused
 * the same way, naming where they were. Walks iteratively, at most `maxDepth` levels (bodies are depth-checked before).
 */
export function prototypeKeyViolation(value: unknown, where = '', maxDepth = 64): FieldViolation | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: where, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (next.value === null || typeof next.value !== 'object' || next.depth > maxDepth) continue;
    for (const [key, child] of Object.entries(next.value)) {
      const path = next.path ? `${next.path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) {
        return { field: path, rule: 'noPrototypeKeys', message: `${path} is not allowed (${key} names no field)` };
      }
      stack.push({ value: child, path, depth: next.depth + 1 });
    }
  }
  return undefined;
}
