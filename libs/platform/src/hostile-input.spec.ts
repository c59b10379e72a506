import { RequestValidationException } from './errors';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import {
  bodyParserErrorMiddleware,
  ContentTypeGuard,
  bodyParserViolation,
  ControlCharacterGuard,
  controlCharacterViolations,
  hasLoneSurrogate,
  jsonBodyShapeMiddleware,
  jsonBodyViolation,
  malformedPathSegment,
  MAX_BODY_DEPTH,
  multipartViolation,
  ParseUuidPipe,
} from './hostile-input';

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

describe('controlCharacterViolations', () => {
  const clean = { params: { id: 'MPP-3373-2026-000001' }, query: { q: 'kelontong' }, headers: { 'idempotency-key': 'k-1' } };

  it('accepts ordinary parameters, query values and headers', () => {
    expect(controlCharacterViolations(clean as never)).toEqual([]);
  });

  it.each(['\u0000', '\u0001', '\n', '\t', '\u001f', '\u007f'])('names a path parameter holding %j', (ch) => {
    const violations = controlCharacterViolations({ ...clean, params: { id: `a${ch}b` } } as never);
    expect(violations).toEqual([
      { field: 'id', rule: 'noControlCharacters', message: 'id (path parameter) must not contain control characters (U+0000 to U+001F, U+007F)' },
    ]);
  });

  it('names query parameters (also inside arrays) and input headers', () => {
    const violations = controlCharacterViolations({
      params: {},
      query: { q: 'ok', office: ['3373', '33\u000073'] },
      headers: { 'x-tracking-code': 'AB\u0000', 'user-agent': 'x' },
    } as never);
    expect(violations.map((v) => [v.field, v.rule])).toEqual([
      ['office.1', 'noControlCharacters'],
      ['x-tracking-code', 'noControlCharacters'],
    ]);
  });

  it('keeps Unicode letters (Indonesian names, accents) and non-ASCII punctuation', () => {
    expect(controlCharacterViolations({ params: { id: 'Só—Ñ 名' }, query: {}, headers: {} } as never)).toEqual([]);
  });
});

describe('ControlCharacterGuard', () => {
  const contextOf = (req: unknown, type = 'http') => ({ getType: () => type, switchToHttp: () => ({ getRequest: () => req }) }) as never;

  it('lets clean requests through and throws a 400 naming the parameter otherwise', () => {
    const guard = new ControlCharacterGuard();
    expect(guard.canActivate(contextOf({ params: { id: 'x' }, query: {}, headers: {} }))).toBe(true);
    let thrown: unknown;
    try {
      guard.canActivate(contextOf({ params: { number: '\u0000' }, query: {}, headers: {} }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RequestValidationException);
    expect((thrown as RequestValidationException).getStatus()).toBe(400);
    expect((thrown as RequestValidationException).violations[0]).toMatchObject({ field: 'number', rule: 'noControlCharacters' });
  });

  it('does not look at Kafka messages', () => {
    expect(new ControlCharacterGuard().canActivate(contextOf({ params: { id: '\u0000' } }, 'rpc'))).toBe(true);
  });
});

describe('jsonBodyViolation', () => {
  it(`accepts bodies up to ${MAX_BODY_DEPTH} levels and refuses deeper ones`, () => {
    expect(jsonBodyViolation(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(jsonBodyViolation(nested(MAX_BODY_DEPTH + 1))).toEqual({
      field: 'body',
      rule: 'maxDepth',
      message: `body must not be nested more than ${MAX_BODY_DEPTH} levels deep`,
    });
  });

  it('inspects a body nested 20,000 levels deep without overflowing the stack', () => {
    const deep = JSON.parse('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)) as unknown;
    expect(jsonBodyViolation(deep)?.rule).toBe('maxDepth');
  });

  it('names the field holding a NUL character, and a key holding one', () => {
    expect(jsonBodyViolation({ applicant: { name: 'Siti\u0000' } })).toEqual({
      field: 'applicant.name',
      rule: 'noNulCharacter',
      message: 'applicant.name must not contain a NUL character (U+0000)',
    });
    expect(jsonBodyViolation({ items: ['a', 'b\u0000'] })?.field).toBe('items.1');
    expect(jsonBodyViolation({ business: { ['x\u0000']: 1 } })?.field).toBe('business (a key)');
    expect(jsonBodyViolation('\u0000')?.field).toBe('body');
  });

  it('accepts ordinary bodies, including other whitespace in free text', () => {
    expect(jsonBodyViolation({ note: 'line one\nline two', n: 1, ok: true, none: null, list: [1, 'a'] })).toBeUndefined();
    expect(jsonBodyViolation(undefined)).toBeUndefined();
  });
});

describe('jsonBodyShapeMiddleware', () => {
  function run(body: unknown) {
    let status = 0;
    let sent: unknown;
    let nextCalled = false;
    const res = { status: (s: number) => ((status = s), { json: (b: unknown) => (sent = b) }) };
    jsonBodyShapeMiddleware(3)({ body } as never, res as never, () => (nextCalled = true));
    return { status, sent, nextCalled };
  }

  it('passes a shallow body on and answers a deep one in the platform error format', () => {
    expect(run({ a: { b: 1 } }).nextCalled).toBe(true);
    expect(run(undefined).nextCalled).toBe(true);
    const refused = run({ a: { b: { c: {} } } });
    expect(refused.nextCalled).toBe(false);
    expect(refused.status).toBe(400);
    expect(refused.sent).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'body must not be nested more than 3 levels deep',
      details: [{ field: 'body', rule: 'maxDepth', message: 'body must not be nested more than 3 levels deep' }],
    });
  });
});

describe('lone surrogates in JSON bodies', () => {
  it('names the field holding one, or the key', () => {
    expect(jsonBodyViolation({ applicant: { name: 'Siti \ud800' } })).toEqual({
      field: 'applicant.name',
      rule: 'wellFormedUnicode',
      message: 'applicant.name must be well-formed Unicode (no lone surrogate such as \\ud800)',
    });
    expect(jsonBodyViolation({ ['a\udfff']: 1 })?.field).toBe('body (a key)');
    expect(hasLoneSurrogate('x\udc00')).toBe(true);
  });

  it('keeps paired surrogates (emoji) and other Unicode', () => {
    expect(jsonBodyViolation({ name: 'Warung 💩 Só—Ñ 名' })).toBeUndefined();
    expect(hasLoneSurrogate('💩')).toBe(false);
  });
});

describe('malformedPathSegment', () => {
  it.each(['/api/v1/applications/%', '/api/v1/applications/%zz', '/api/v1/applications/%ED%A0%80/withdraw', '/x/%C0%AF'])('finds the segment of %s', (path) => {
    expect(malformedPathSegment(path)).toEqual({ index: expect.any(Number), segment: expect.stringContaining('%') });
  });

  it('accepts valid percent-encoding, and ignores the query (the query parser keeps undecodable values as they are)', () => {
    expect(malformedPathSegment('/api/v1/applications/MPP-3373%2D2026?q=%zz')).toBeUndefined();
    expect(malformedPathSegment('/api/v1/permits/%F0%9F%92%A9/verification')).toBeUndefined();
  });
});

describe('bodyParserViolation', () => {
  it.each([
    [{ type: 'entity.parse.failed', message: 'Unexpected end' }, 'body', 'json'],
    [{ type: 'entity.too.large' }, 'body', 'maxSize'],
    [{ type: 'charset.unsupported', charset: 'X-HOSTILE' }, 'content-type', 'charset'],
    [{ type: 'encoding.unsupported', encoding: 'x-hostile' }, 'content-encoding', 'encoding'],
    [{ message: 'incorrect header check' }, 'body', 'readable'],
  ])('names the field of %j', (err, field, rule) => {
    expect(bodyParserViolation(err)).toMatchObject({ field, rule });
  });

  it('answers body-parser refusals with their 4xx status and passes anything else on', () => {
    const middleware = bodyParserErrorMiddleware();
    const res = { status: jest.fn().mockReturnThis(), json: jest.fn() };
    const next = jest.fn();
    middleware({ type: 'encoding.unsupported', status: 415 }, {} as never, res as never, next);
    expect(res.status).toHaveBeenCalledWith(415);
    expect(res.json).toHaveBeenCalledWith(expect.objectContaining({ statusCode: 415, details: [expect.objectContaining({ field: 'content-encoding' })] }));
    const internal = new Error('boom');
    middleware(internal as never, {} as never, res as never, next);
    expect(next).toHaveBeenCalledWith(internal);
  });
});

describe('ParseUuidPipe', () => {
  it('passes a UUID and names the parameter otherwise', () => {
    const pipe = new ParseUuidPipe();
    expect(pipe.transform('00000000-0000-4000-8000-000000000001', { type: 'param', data: 'id' })).toBe('00000000-0000-4000-8000-000000000001');
    expect(() => pipe.transform('\u202e3373', { type: 'param', data: 'documentId' })).toThrow(RequestValidationException);
    try {
      pipe.transform('x', { type: 'param', data: 'documentId' });
    } catch (e) {
      expect((e as RequestValidationException).violations).toEqual([{ field: 'documentId', rule: 'isUuid', message: 'documentId must be a UUID' }]);
    }
  });
});

describe('multipartViolation', () => {
  it.each([
    ['Unexpected file field - upload', 'upload', 'unexpectedFile'],
    ['Too many files', 'file', 'maxCount'],
    ['Multipart: Boundary not found', 'body', 'multipart'],
    ['Multipart: Malformed part header', 'body', 'multipart'],
    ['Unexpected end of form', 'body', 'multipart'],
  ])('%s names %s', (message, field, rule) => {
    expect(multipartViolation(message, 'file')).toMatchObject({ field, rule });
  });

  it('leaves other messages alone', () => {
    expect(multipartViolation('type must be a document type', 'file')).toBeUndefined();
  });
});

describe('ContentTypeGuard', () => {
  const handler = () => undefined;
  class Controller {}
  const contextOf = (req: unknown) =>
    ({ getType: () => 'http', switchToHttp: () => ({ getRequest: () => req }), getHandler: () => handler, getClass: () => Controller }) as never;
  const request = (method: string, contentType: string | undefined, length = '12') => ({
    method,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), 'content-length': length },
  });

  it('lets JSON bodies, body-less requests and GETs through', () => {
    const guard = new ContentTypeGuard();
    expect(guard.canActivate(contextOf(request('POST', 'application/json; charset=utf-8')))).toBe(true);
    expect(guard.canActivate(contextOf(request('POST', undefined, '0')))).toBe(true);
    expect(guard.canActivate(contextOf(request('GET', 'text/plain')))).toBe(true);
  });

  it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', undefined])(
    'answers a body sent as %s to a JSON operation with 415 naming content-type',
    (contentType) => {
      let thrown: unknown;
      try {
        new ContentTypeGuard().canActivate(contextOf(request('PATCH', contentType)));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(UnsupportedMediaTypeException);
      expect((thrown as UnsupportedMediaTypeException).getResponse()).toMatchObject({ statusCode: 415, details: [{ field: 'content-type', rule: 'mediaType' }] });
    },
  );

  it("takes what the operation's @ApiConsumes names", () => {
    Reflect.defineMetadata('swagger/apiConsumes', ['multipart/form-data'], handler);
    try {
      const guard = new ContentTypeGuard();
      expect(guard.canActivate(contextOf(request('POST', 'multipart/form-data; boundary=x')))).toBe(true);
      expect(() => guard.canActivate(contextOf(request('POST', 'application/json')))).toThrow(UnsupportedMediaTypeException);
    } finally {
      Reflect.deleteMetadata('swagger/apiConsumes', handler);
    }
  });
});
