import fc from 'fast-check';
import type { Json } from './platform';

/**
 * Hostile requests derived from a service's OpenAPI document: for every operation, hostile path parameters,
 * query strings, headers and bodies, and the operation's valid request mutated one field at a time. The
 * generator is pure (no I/O); `e2e/hostile-openapi.e2e-spec.ts` sends what it makes and judges the answers.
 */

export type ServiceName = 'intake' | 'verification' | 'issuance' | 'notification';

/** Who sends a request: nobody, a demo officer (by username), or a garbage `Authorization` header. */
export type Identity = { kind: 'anonymous' } | { kind: 'officer'; username: string } | { kind: 'garbage'; authorization: string };

export interface HostileRequest {
  service: ServiceName;
  /** `METHOD /path/{template}` as the document names it. */
  operation: string;
  /** What was made hostile, e.g. `path applicationNumber`, `body business.capital`, `header idempotency-key`. */
  kind: string;
  method: string;
  /** Path and query, already percent-encoded. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer | FormData;
  identity: Identity;
  /** The field a 400 must name (a dotted body path, a parameter or a header name), when one was made hostile. */
  field?: string;
  /** Requests whose valid form changes state run after the others (withdraw, decisions, revocation). */
  late?: boolean;
  /** The exact refusal, where the platform's guards decide before anything else (whoever calls). */
  exactly?: { status: number; field: string; rule: string };
}

export interface Operation {
  service: ServiceName;
  id: string;
  method: string;
  template: string;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Json }>;
  requestBody?: { content: Record<string, { schema?: Json }> };
  security: Array<Record<string, string[]>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function decodeURIComponentOr(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

export function operationsOf(service: ServiceName, document: Json): Operation[] {
  return Object.entries<Json>(document.paths).flatMap(([template, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      service,
      id: `${m.toUpperCase()} ${template}`,
      method: m.toUpperCase(),
      template,
      parameters: item[m].parameters ?? [],
      requestBody: item[m].requestBody,
      security: item[m].security ?? [],
    })),
  );
}

/** Resolves `$ref` and single-element `allOf` wrappers. */
function resolve(document: Json, schema: Json): Json {
  let s = schema;
  for (let i = 0; i < 10 && s; i++) {
    if (s.$ref) s = document.components.schemas[s.$ref.split('/').pop()];
    else if (Array.isArray(s.allOf) && s.allOf.length === 1) s = { ...s.allOf[0], ...s, allOf: undefined };
    else break;
  }
  return s;
}

/**
 * A valid value for a schema, from its examples, enums and defaults: required properties, and optional
 * ones that are scalars with an example (optional objects such as `applicant.entity` are left out).
 */
export function exampleFor(document: Json, schema: Json, depth = 0): Json {
  const s = resolve(document, schema);
  if (!s || depth > 8) return undefined;
  if (s.example !== undefined) return structuredClone(s.example);
  if (s.default !== undefined) return structuredClone(s.default);
  if (Array.isArray(s.enum)) return s.enum[0];
  if (Array.isArray(s.oneOf)) return exampleFor(document, s.oneOf[s.oneOf.length - 1], depth + 1);
  switch (s.type) {
    case 'object': {
      const out: Record<string, Json> = {};
      const required: string[] = s.required ?? [];
      for (const [name, property] of Object.entries<Json>(s.properties ?? {})) {
        const p = resolve(document, property);
        const scalarWithExample = p && p.type !== 'object' && !p.properties && (p.example !== undefined || p.default !== undefined);
        if (required.includes(name) || scalarWithExample) {
          const value = exampleFor(document, property, depth + 1);
          if (value !== undefined) out[name] = value;
        }
      }
      return out;
    }
    case 'array': {
      const item = exampleFor(document, s.items ?? {}, depth + 1);
      return item === undefined ? [] : Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => structuredClone(item));
    }
    case 'string':
      return s.format === 'date' ? '2026-01-15' : s.format === 'date-time' ? '2026-01-15T03:00:00.000Z' : 'contoh';
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return undefined;
  }
}

/** Every property of a JSON value with its dotted path (array items as `.0`), objects included. */
export function propertyPaths(value: Json, prefix = ''): Array<{ path: string; value: Json }> {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [{ path, value: child }, ...propertyPaths(child, path)];
  });
}

/** The objects in a JSON value, with their paths ('' for the root). */
function objectPaths(value: Json, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, prefix ? `${prefix}.${k}` : k))];
}

function setAt(root: Json, path: string, value: Json | typeof REMOVE): Json {
  const copy = structuredClone(root);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  const last = keys[keys.length - 1];
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function getAt(root: Json, path: string): Json {
  return path === '' ? root : path.split('.').reduce((node, key) => node?.[key], root);
}

const REMOVE = Symbol('remove');
export const TWO_MB = 2 * 1024 * 1024;

/** Strings no field should choke on: control characters, odd Unicode, lone surrogates, injections, sizes. */
export const HOSTILE_STRINGS: string[] = [
  '',
  ' ',
  '\t\n\r ',
  'a\u0000b',
  '\u0000',
  'x\u0001\u0002\u001b[31m',
  '\u0007\u0008\u007f',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\ufeff',
  '\ud800',
  'x\udfffy',
  '\ud83d\udca9'.repeat(50),
  'Ａ１２３４５',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
  '\u0661\u0662\u0663\u0664',
  '\uffff\ufffe',
  'x'.repeat(10_000),
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '"; DROP TABLE applications; --',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '%00%2e%2e%2f',
  '__proto__',
  'NaN',
  '-1',
  '1e309',
];

/** Values of another type than the schema's, and numbers at the edges. */
export const WRONG_TYPES: Json[] = [null, true, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, [], [1, 'a'], {}, { a: 1 }, '12345', 'true'];

/** Path parameter values (raw, before percent-encoding) and already-encoded ones sent as they are. */
export const HOSTILE_PATH_RAW: string[] = [
  '\u0000',
  'MPP-3373\u0000',
  '\u001f',
  'a\nb',
  '\u007f',
  '\u202e3373',
  '\ud83d\udca9',
  'Ａ１２３',
  '../../../etc/hosts',
  "' OR 1=1 --",
  '-1',
  '0',
  '1e309',
  'null',
  '__proto__',
  'constructor',
  'x'.repeat(2000),
  ' ',
];
export const HOSTILE_PATH_ENCODED: string[] = ['%', '%zz', '%ED%A0%80', '%C0%AF', '%FF%FE', '%E2%80%AE', '%2e%2e', '%2F'];

/** Query values: control characters, arrays, nested objects, prototype keys, sizes. */
export function hostileQueries(name: string): Array<{ query: string; field: string }> {
  const n = encodeURIComponent(name);
  return [
    ...['\u0000', 'a\u0001', '\ud83d\udca9', '\u202e', "' OR 1=1 --", '-1', '1e309', 'NaN', 'x'.repeat(3000), '', 'null', 'true'].map((v) => ({
      query: `${n}=${encodeURIComponent(v)}`,
      field: name,
    })),
    { query: `${n}=%ED%A0%80`, field: name },
    { query: `${n}=%zz`, field: name },
    { query: `${n}=a&${n}=b`, field: name },
    { query: `${n}[]=a`, field: name },
    { query: `${n}[x][y]=1`, field: name },
    { query: `${n}[__proto__][polluted]=1`, field: name },
    { query: `__proto__[${n}]=1`, field: '__proto__' },
    { query: `constructor[prototype][polluted]=1`, field: 'constructor' },
  ];
}

export const GARBAGE_AUTHORIZATION: string[] = [
  'Bearer',
  'Bearer ',
  'Bearer garbage',
  'Bearer a.b.c',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  `Bearer ${'A'.repeat(6000)}`,
  'Basic YWRtaW46YWRtaW4=',
  'Bearer \u00ff\u00fe',
  'bearer null',
  'Token x',
];

/** Header values (ByteStrings: fetch refuses characters above U+00FF, CR, LF and NUL before sending). */
export const HOSTILE_HEADER_VALUES: string[] = [
  '',
  ' ',
  '\t',
  '\u00ff\u00e9\u00c0',
  'x'.repeat(8000),
  "' OR 1=1 --",
  '../../etc/hosts',
  '__proto__',
  'AAAA-BBBB-CCCC',
  'aaaa bbbb cccc',
  '0',
  '-1',
];

/** A disguised executable: a Windows PE ("MZ") or an ELF header, named and typed as a PDF. */
export const DISGUISED_EXECUTABLES: Array<{ name: string; bytes: Buffer }> = [
  { name: 'MZ', bytes: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), Buffer.alloc(256, 0x41)]) },
  { name: 'ELF', bytes: Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), Buffer.alloc(256, 0x00)]) },
  { name: 'shebang', bytes: Buffer.from('#!/bin/sh\nrm -rf /\n') },
  { name: 'html', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
  { name: 'empty', bytes: Buffer.alloc(0) },
  { name: 'PDF header then MZ', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.from('%PDF-1.4\n')]) },
];

/** A JSON text with a prototype-pollution key at `at` (JSON.parse makes it an own property, so it is sent). */
function withKey(valid: Json, at: string, key: string, value: Json): string {
  const copy = structuredClone(valid);
  const target = at === '' ? copy : getAt(copy, at);
  const marker = `__hostile_${Math.random().toString(36).slice(2)}__`;
  target[marker] = value;
  return JSON.stringify(copy).replace(JSON.stringify(marker), JSON.stringify(key));
}

/** Whole-body variants that are not the expected JSON object: wrong content types, malformed, odd JSON. */
function bodyVariants(valid: Json): Array<{ kind: string; body: string | Buffer; contentType?: string; extra?: Record<string, string> }> {
  const json = JSON.stringify(valid);
  return [
    { kind: 'no body', body: '', contentType: 'application/json' },
    { kind: 'null', body: 'null', contentType: 'application/json' },
    { kind: 'array', body: '[]', contentType: 'application/json' },
    { kind: 'string', body: '"x"', contentType: 'application/json' },
    { kind: 'number', body: '1', contentType: 'application/json' },
    { kind: 'truncated', body: json.slice(0, Math.max(1, json.length - 3)), contentType: 'application/json' },
    { kind: 'two documents', body: `${json}${json}`, contentType: 'application/json' },
    { kind: 'BOM', body: `\ufeff${json}`, contentType: 'application/json' },
    { kind: 'text/plain', body: json, contentType: 'text/plain' },
    { kind: 'xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/hosts">]><a>&x;</a>', contentType: 'application/xml' },
    { kind: 'form', body: 'officeCode=3373&applicant[nik]=1&__proto__[x]=1', contentType: 'application/x-www-form-urlencoded' },
    { kind: 'multipart to JSON', body: '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n', contentType: 'multipart/form-data; boundary=b' },
    { kind: 'multipart without boundary', body: '--b\r\n\r\n', contentType: 'multipart/form-data' },
    { kind: 'utf-16 charset', body: Buffer.from(json, 'utf16le'), contentType: 'application/json; charset=utf-16' },
    { kind: 'unknown charset', body: json, contentType: 'application/json; charset=x-hostile' },
    { kind: 'gzip that is not', body: json, contentType: 'application/json', extra: { 'content-encoding': 'gzip' } },
    { kind: 'unknown encoding', body: json, contentType: 'application/json', extra: { 'content-encoding': 'x-hostile' } },
    { kind: 'no content type', body: json },
    { kind: 'nested 40 deep', body: '{"a":'.repeat(40) + '1' + '}'.repeat(40), contentType: 'application/json' },
    { kind: 'nested 20000 deep', body: '['.repeat(20_000) + ']'.repeat(20_000), contentType: 'application/json' },
    { kind: '2 MB string', body: JSON.stringify({ ...(typeof valid === 'object' && valid ? valid : {}), x: 'x'.repeat(TWO_MB) }), contentType: 'application/json' },
    { kind: 'NUL key', body: json.replace(/^\{/, '{"a\\u0000b":1,'), contentType: 'application/json' },
    { kind: 'duplicate keys', body: json.replace(/^\{/, '{"__dup":1,"__dup":2,'), contentType: 'application/json' },
  ];
}

/** One field of a valid body made hostile: every hostile string, wrong type, removal, and oversize. */
function fieldMutations(value: Json): Array<Json | typeof REMOVE> {
  const base: Array<Json | typeof REMOVE> = [REMOVE, ...WRONG_TYPES];
  if (typeof value === 'string') return [...base, ...HOSTILE_STRINGS, value.toLowerCase(), ` ${value} `, `${value}${value}`];
  if (typeof value === 'number') return [...base, -value, value * 1e6, value + 0.5, String(value), 'x'.repeat(100)];
  if (Array.isArray(value)) return [...base, Array.from({ length: 1000 }, () => value[0] ?? 1), [null], [[value[0]]], [{}]];
  return [...base, 'x'.repeat(100)];
}

export interface OperationContext {
  /** The path with its parameters filled with valid fixture values. */
  validParams: Record<string, string>;
  /** The valid JSON body (for operations with a JSON body). */
  validBody?: Json;
  /** Identities that may call the operation (the valid request's), e.g. the tracking code as a header. */
  natural: Array<{ identity: Identity; headers?: Record<string, string> }>;
  /** Every identity the suite knows (anonymous, every role, another office). */
  everyone: Identity[];
  late?: boolean;
}

function fillPath(template: string, params: Record<string, string>, override?: { name: string; encoded: string }): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    override?.name === name ? override.encoded : encodeURIComponent(params[name] ?? '00000000-0000-4000-8000-000000000000'),
  );
}

/** Every hostile request for one operation. */
export function hostileRequestsFor(op: Operation, ctx: OperationContext): HostileRequest[] {
  const out: HostileRequest[] = [];
  const jsonBody = op.requestBody?.content?.['application/json'] && !op.requestBody.content['application/pdf'];
  const multipart = !!op.requestBody?.content?.['multipart/form-data'];
  const validPath = fillPath(op.template, ctx.validParams);
  const validQuery = op.parameters
    .filter((p) => p.in === 'query' && p.schema?.enum)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(p.schema.enum[0])}`)
    .slice(0, 1)
    .join('&');
  const validUrl = validQuery ? `${validPath}?${validQuery}` : validPath;
  // Requests that make one thing hostile carry the valid body otherwise (a JSON text, or a valid upload).
  const validJson = jsonBody ? JSON.stringify(ctx.validBody ?? {}) : undefined;
  const validBody = (): string | FormData | undefined => (multipart ? validUpload() : validJson);
  const jsonHeaders: Record<string, string> = jsonBody ? { 'content-type': 'application/json' } : {};
  const base = { service: op.service, operation: op.id, method: op.method, late: ctx.late };
  const everyoneWith = (fn: (identity: Identity, headers: Record<string, string>) => HostileRequest | HostileRequest[]) => [
    ...ctx.natural.flatMap((n) => fn(n.identity, n.headers ?? {})),
    ...ctx.everyone.filter((e) => !ctx.natural.some((n) => JSON.stringify(n.identity) === JSON.stringify(e))).flatMap((e) => fn(e, {})),
  ];

  // Path parameters: every hostile value, from every identity.
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    const values = [...HOSTILE_PATH_RAW.map((v) => encodeURIComponent(v)), ...HOSTILE_PATH_ENCODED];
    for (const encoded of values) {
      // A control character in a path parameter is refused by the platform's guard, naming the parameter, for
      // whoever may call the operation (others may get their 401 or 403 first).
      const control = CONTROL.test(decodeURIComponentOr(encoded));
      const natural = (identity: Identity) => ctx.natural.some((n) => JSON.stringify(n.identity) === JSON.stringify(identity));
      out.push(
        ...everyoneWith((identity, headers) => ({
          ...base,
          kind: `path ${param.name}`,
          path: fillPath(op.template, ctx.validParams, { name: param.name, encoded }),
          headers: { ...jsonHeaders, ...headers },
          body: validBody(),
          identity,
          field: param.name,
          ...(control && natural(identity) ? { exactly: { status: 400, field: param.name, rule: 'noControlCharacters' } } : {}),
        })),
      );
    }
  }

  // Query strings: each documented parameter, and undocumented ones, from the natural identities and anonymously.
  const queryNames = [...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), ...(op.method === 'GET' ? ['unknown'] : [])];
  for (const name of queryNames) {
    for (const { query, field } of hostileQueries(name)) {
      for (const { identity, headers } of [...ctx.natural, { identity: { kind: 'anonymous' } as Identity, headers: {} }]) {
        out.push({ ...base, kind: `query ${name}`, path: `${validPath}?${query}`, headers: { ...jsonHeaders, ...headers }, body: validBody(), identity, field });
      }
    }
  }

  // Headers: input headers with hostile values; garbage Authorization.
  for (const header of ['idempotency-key', 'x-tracking-code', 'x-correlation-id']) {
    for (const value of HOSTILE_HEADER_VALUES) {
      for (const { identity, headers } of ctx.natural) {
        out.push({ ...base, kind: `header ${header}`, path: validUrl, headers: { ...jsonHeaders, ...headers, [header]: value }, body: validBody(), identity, field: header });
      }
    }
  }
  for (const authorization of GARBAGE_AUTHORIZATION) {
    out.push({ ...base, kind: 'header authorization', path: validUrl, headers: { ...jsonHeaders }, body: validBody(), identity: { kind: 'garbage', authorization } });
  }
  // Lots of headers, and one huge one.
  const many: Record<string, string> = {};
  for (let i = 0; i < 150; i++) many[`x-hostile-${i}`] = 'x'.repeat(50);
  out.push({ ...base, kind: 'header many', path: validUrl, headers: { ...jsonHeaders, ...many }, body: validBody(), identity: ctx.natural[0].identity });
  out.push({ ...base, kind: 'header huge', path: validUrl, headers: { ...jsonHeaders, 'x-hostile': 'x'.repeat(40_000) }, body: validBody(), identity: ctx.natural[0].identity });

  // A body sent to an operation that takes none.
  if (!op.requestBody && op.method !== 'GET') {
    for (const { identity, headers } of ctx.natural) {
      out.push({ ...base, kind: 'body unexpected', path: validUrl, headers: { 'content-type': 'application/json', ...headers }, body: '{"__proto__":{"polluted":1},"status":"ISSUED"}', identity });
    }
  }

  if (jsonBody) {
    const valid = ctx.validBody ?? {};
    // The whole body, from every identity.
    for (const variant of bodyVariants(valid)) {
      const big = variant.kind === '2 MB string';
      const identities = big ? ctx.natural : undefined;
      const send = (identity: Identity, headers: Record<string, string>): HostileRequest => ({
        ...base,
        kind: `body ${variant.kind}`,
        path: validUrl,
        headers: { ...(variant.contentType ? { 'content-type': variant.contentType } : {}), ...variant.extra, ...headers },
        body: variant.body,
        identity,
        // Too deep is refused right after parsing, before authentication and validation.
        ...(variant.kind === 'nested 20000 deep' ? { exactly: { status: 400, field: 'body', rule: 'maxDepth' } } : {}),
      });
      if (identities) out.push(...identities.map((n) => send(n.identity, n.headers ?? {})));
      else out.push(...everyoneWith(send));
    }
    // One field at a time, from the natural identities (the ones that reach validation).
    for (const { path, value } of propertyPaths(valid)) {
      for (const mutated of fieldMutations(value)) {
        const body = JSON.stringify(setAt(valid, path, mutated));
        for (const { identity, headers } of ctx.natural) {
          out.push({ ...base, kind: `field ${mutated === REMOVE ? 'missing' : 'hostile'}`, path: validUrl, headers: { 'content-type': 'application/json', ...headers }, body, identity, field: path });
        }
      }
      // A 2 MB string in the field: larger than the body limit.
      if (typeof value === 'string') {
        const body = JSON.stringify(setAt(valid, path, 'x'.repeat(TWO_MB)));
        out.push({ ...base, kind: 'field 2 MB', path: validUrl, headers: { 'content-type': 'application/json', ...ctx.natural[0].headers }, body, identity: ctx.natural[0].identity, field: path });
      }
    }
    // Extra and prototype-pollution keys at every object level.
    for (const at of objectPaths(valid)) {
      const variants: Array<[string, Json]> = [
        ['unexpected', 1],
        ['__proto__', { polluted: true, status: 'ISSUED' }],
        ['constructor', { prototype: { polluted: true } }],
        ['prototype', { polluted: true }],
        ['hasOwnProperty', 1],
        ['toString', 'x'],
      ];
      for (const [key, value] of variants) {
        for (const { identity, headers } of ctx.natural) {
          out.push({
            ...base,
            kind: `field extra ${key}`,
            path: validUrl,
            headers: { 'content-type': 'application/json', ...headers },
            body: withKey(valid, at, key, value),
            identity,
            field: at ? `${at}.${key}` : key,
            // Refused by the validation pipe for whoever may call (class-transformer alone would drop them).
            ...(key !== 'unexpected' ? { exactly: { status: 400, field: at ? `${at}.${key}` : key, rule: 'noPrototypeKeys' } } : {}),
          });
        }
      }
    }
  }

  if (multipart) out.push(...multipartRequests(op, ctx, validUrl, base));
  return out;
}

const SMALL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** A valid upload: a KTP as a small PDF. */
function validUpload(): FormData {
  const form = new FormData();
  form.append('type', 'KTP');
  form.append('file', new Blob([SMALL_PDF], { type: 'application/pdf' }), 'ktp.pdf');
  return form;
}

function multipartRequests(op: Operation, ctx: OperationContext, url: string, base: Pick<HostileRequest, 'service' | 'operation' | 'method' | 'late'>): HostileRequest[] {
  const out: HostileRequest[] = [];
  const form = (parts: Array<[string, string | { bytes: Buffer; name: string; type: string }]>) => {
    const f = new FormData();
    for (const [name, value] of parts) {
      if (typeof value === 'string') f.append(name, value);
      else f.append(name, new Blob([value.bytes], { type: value.type }), value.name);
    }
    return f;
  };
  const pdf = SMALL_PDF;
  const variants: Array<{ kind: string; field?: string; make: () => FormData | Buffer; contentType?: string; rule?: string }> = [
    ...DISGUISED_EXECUTABLES.map((exe) => ({
      kind: `upload ${exe.name} named .pdf`,
      field: 'file',
      make: () => form([['type', 'KTP'], ['file', { bytes: exe.bytes, name: 'ktp.pdf', type: 'application/pdf' }]]),
    })),
    ...DISGUISED_EXECUTABLES.slice(0, 2).map((exe) => ({
      kind: `upload ${exe.name} named .jpg`,
      field: 'file',
      make: () => form([['type', 'KTP'], ['file', { bytes: exe.bytes, name: 'ktp.jpg', type: 'image/jpeg' }]]),
    })),
    { kind: 'upload oversized (6 MB)', make: () => form([['type', 'KTP'], ['file', { bytes: Buffer.concat([pdf, Buffer.alloc(6 * 1024 * 1024, 0x20)]), name: 'big.pdf', type: 'application/pdf' }]]) },
    { kind: 'upload without file', field: 'file', make: () => form([['type', 'KTP']]) },
    { kind: 'upload without type', field: 'type', make: () => form([['file', { bytes: pdf, name: 'a.pdf', type: 'application/pdf' }]]) },
    ...HOSTILE_STRINGS.filter((s) => s.length < 5000).map((type) => ({
      kind: 'upload hostile type',
      field: 'type',
      make: () => form([['type', type], ['file', { bytes: pdf, name: 'a.pdf', type: 'application/pdf' }]]),
    })),
    { kind: 'upload type off the checklist', field: 'type', make: () => form([['type', 'AKTA_PENDIRIAN'], ['file', { bytes: pdf, name: 'a.pdf', type: 'application/pdf' }]]) },
    { kind: 'upload two types', field: 'type', make: () => form([['type', 'KTP'], ['type', 'NPWP'], ['file', { bytes: pdf, name: 'a.pdf', type: 'application/pdf' }]]) },
    { kind: 'upload two files', make: () => form([['type', 'KTP'], ['file', { bytes: pdf, name: 'a.pdf', type: 'application/pdf' }], ['file', { bytes: pdf, name: 'b.pdf', type: 'application/pdf' }]]) },
    { kind: 'upload unexpected file field', make: () => form([['type', 'KTP'], ['upload', { bytes: pdf, name: 'a.pdf', type: 'application/pdf' }]]) },
    { kind: 'upload extra field', field: 'extra', make: () => form([['type', 'KTP'], ['extra', '1'], ['file', { bytes: pdf, name: 'a.pdf', type: 'application/pdf' }]]) },
    { kind: 'upload __proto__ field', field: '__proto__', rule: 'noPrototypeKeys', make: () => form([['type', 'KTP'], ['__proto__', '1'], ['file', { bytes: pdf, name: 'a.pdf', type: 'application/pdf' }]]) },
    ...['../../../../etc/hosts.pdf', 'a\u0000.pdf', '\u202efdp.exe', 'x'.repeat(3000) + '.pdf', '', '.pdf', 'CON.pdf'].map((name) => ({
      kind: 'upload hostile file name',
      make: () => form([['type', 'KTP'], ['file', { bytes: pdf, name, type: 'application/pdf' }]]),
    })),
    { kind: 'upload as JSON', make: () => Buffer.from('{"type":"KTP","file":"JVBERi0="}'), contentType: 'application/json' },
    { kind: 'upload truncated multipart', make: () => Buffer.from('--b\r\nContent-Disposition: form-data; name="type"\r\n\r\nKTP\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF'), contentType: 'multipart/form-data; boundary=b' },
    { kind: 'upload multipart without boundary', make: () => Buffer.from('--b\r\n\r\n'), contentType: 'multipart/form-data' },
    { kind: 'upload raw PDF', make: () => pdf, contentType: 'application/pdf' },
  ];
  for (const variant of variants) {
    const identities = variant.kind.startsWith('upload oversized') ? ctx.natural.slice(0, 1) : [...ctx.natural, { identity: { kind: 'anonymous' } as Identity, headers: {} }];
    for (const { identity, headers } of identities) {
      out.push({
        ...base,
        operation: op.id,
        kind: variant.kind,
        path: url,
        headers: { ...(variant.contentType ? { 'content-type': variant.contentType } : {}), ...headers },
        body: variant.make(),
        identity,
        field: variant.field,
        ...(variant.rule && (identity.kind !== 'anonymous' || headers?.['x-tracking-code']) ? { exactly: { status: 400, field: variant.field ?? 'body', rule: variant.rule } } : {}),
      });
    }
  }
  return out;
}

/**
 * Valid bodies mutated at one random field by fast-check (seeded, so a failure is reproducible): a string,
 * any JSON value or a removal, at any property path.
 */
export function propertyMutations(valid: Json, runs: number, seed: number): Array<{ path: string; body: string }> {
  const paths = propertyPaths(valid).map((p) => p.path);
  const value = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constant(REMOVE),
  );
  return fc
    .sample(fc.tuple(fc.constantFrom(...paths), value), { numRuns: runs, seed })
    .map(([path, v]) => ({ path, body: JSON.stringify(setAt(valid, path, v as Json)) }));
}
