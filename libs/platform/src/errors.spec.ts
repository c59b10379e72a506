import { BadRequestException, NotFoundException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { DomainRuleError } from '@mpp/contracts';
import { ApiExceptionFilter, createValidationPipe, RequestValidationException } from './errors';

class Inner {
  @IsInt()
  @Min(0)
  capital: number;
}

class Outer {
  @IsString()
  name: string;

  @ValidateNested()
  @Type(() => Inner)
  business: Inner;
}

function render(exception: unknown, request: { complete: boolean } = { complete: true }) {
  let status = 0;
  let body: unknown;
  const res = { status: (s: number) => ((status = s), { json: (b: unknown) => (body = b) }) };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => res, getRequest: () => request }) };
  new ApiExceptionFilter().catch(exception, host as never);
  return { status, body };
}

function headersOf(exception: unknown, request: { complete: boolean }) {
  const headers: Record<string, string> = {};
  const res = { headersSent: false, setHeader: (name: string, value: string) => (headers[name] = value), status: () => ({ json: () => undefined }) };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => res, getRequest: () => request }) };
  new ApiExceptionFilter().catch(exception, host as never);
  return headers;
}

describe('a refusal before the body is read', () => {
  it('closes the connection instead of reading the rest of the body; a read body keeps it', () => {
    expect(headersOf(new NotFoundException('Application not found'), { complete: false })).toEqual({ Connection: 'close' });
    expect(headersOf(new NotFoundException('Application not found'), { complete: true })).toEqual({});
  });
});

describe('request validation', () => {
  it('names the full path of each field and the rule it broke', async () => {
    const pipe = createValidationPipe();
    const error = await pipe
      .transform({ name: 1, business: { capital: -5 }, extra: true }, { type: 'body', metatype: Outer })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationException);
    const { details } = (error as RequestValidationException).getResponse() as { details: { field: string; rule: string }[] };
    expect(details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', rule: 'isString' }),
        expect.objectContaining({ field: 'business.capital', rule: 'min', message: 'business.capital must not be less than 0' }),
        expect.objectContaining({ field: 'extra', rule: 'whitelistValidation' }),
      ]),
    );
  });
});

describe('ApiExceptionFilter', () => {
  it('renders HTTP errors as { statusCode, error, message }', () => {
    expect(render(new NotFoundException('Application not found'))).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'Application not found' },
    });
    expect(render(new BadRequestException('bad')).body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'bad' });
  });

  it('never leaks the details of an unexpected error', () => {
    const { status, body } = render(new Error('relation "intake.applications" does not exist'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('relation');
  });

  it('answers a transaction the database rolled back for contention (deadlock, serialization), or no free connection, with 503 and Retry-After', () => {
    const poolTimeout = new Error('timeout exceeded when trying to connect');
    for (const code of ['40P01', '40001', '55P03', poolTimeout]) {
      const headers: Record<string, string> = {};
      let status = 0;
      let body: unknown;
      const res = {
        headersSent: false,
        setHeader: (name: string, value: string) => (headers[name] = value),
        status: (s: number) => ((status = s), { json: (b: unknown) => (body = b) }),
      };
      const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ complete: true }) }) };
      const failure = typeof code === 'string' ? Object.assign(new Error('deadlock detected'), { driverError: { code } }) : code;
      new ApiExceptionFilter().catch(failure, host as never);
      expect({ code, status, retryAfter: headers['Retry-After'] }).toEqual({ code, status: 503, retryAfter: '1' });
      expect(JSON.stringify(body)).not.toMatch(/deadlock|timeout/);
    }
    expect(render(Object.assign(new Error('duplicate key'), { driverError: { code: '23505' } })).status).toBe(500);
  });

  it('answers a broken business rule with a 400 naming the field and the rule', () => {
    const error = new DomainRuleError('business.kbli', 'kbli.unknown', 'KBLI 99999 is not in the catalogue');
    expect(render(error)).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'KBLI 99999 is not in the catalogue',
        details: [{ field: 'business.kbli', rule: 'kbli.unknown', message: 'KBLI 99999 is not in the catalogue' }],
      },
    });
  });
});

// Found by the hostile-input suite: class-transformer drops these keys silently, so a body with them was
// accepted where any other unknown field is refused.
describe('createValidationPipe: prototype keys', () => {
  const pipe = createValidationPipe();
  const refusal = async (value: unknown, type: 'body' | 'query' = 'body') =>
    pipe.transform(value, { type, metatype: Outer }).then(
      () => undefined,
      (e: RequestValidationException) => e.violations,
    );

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])('refuses %s at any level, naming where', async (key) => {
    const body = JSON.parse(`{"name":"x","business":{"capital":1,"${key}":{"polluted":true}}}`);
    expect(await refusal(body)).toEqual([{ field: `business.${key}`, rule: 'noPrototypeKeys', message: `business.${key} is not allowed (${key} names no field)` }]);
    expect(await refusal(JSON.parse(`{"${key}":1}`), 'query')).toEqual([expect.objectContaining({ field: key, rule: 'noPrototypeKeys' })]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lets an ordinary body through', async () => {
    expect(await refusal({ name: 'x', business: { capital: 1 } })).toBeUndefined();
  });
});
