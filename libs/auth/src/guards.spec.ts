import { Controller, ExecutionContext, Get, INestApplication, Logger } from '@nestjs/common';
import { APP_FILTER, Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ApiExceptionFilter } from '@mpp/platform';
import type { AddressInfo } from 'node:net';
import { AuthModule } from './auth.module';
import { CurrentOfficer, OptionalOfficer, Public, Roles } from './decorators';
import { AuthGuard, bearerTokenFrom, RolesGuard } from './guards';
import type { Officer } from './officer';
import { OfficerRole } from './roles';
import { signToken, TEST_AUDIENCE, TEST_ISSUER, type TestKeys, testKeys, VERIFIER_CLAIMS } from './testing-keys';
import { TokenVerifier } from './token-verifier';

@Controller('api/v1/things')
class ThingsController {
  @Get('open')
  @Public()
  open(@CurrentOfficer() officer?: Officer) {
    return { officer: officer ?? null };
  }

  @Get('maybe')
  @OptionalOfficer()
  maybe(@CurrentOfficer() officer?: Officer) {
    return { officer: officer ?? null };
  }

  @Get('mine')
  mine(@CurrentOfficer() officer?: Officer) {
    return { officer: officer ?? null };
  }

  @Get('approve')
  @Roles(OfficerRole.HEAD_OF_OFFICE, OfficerRole.PLATFORM_ADMIN)
  approve(@CurrentOfficer() officer?: Officer) {
    return { officer: officer ?? null };
  }
}

@Controller('api/v1/admin')
@Roles(OfficerRole.PLATFORM_ADMIN)
class AdminController {
  @Get('offices')
  offices() {
    return [];
  }

  @Get('status')
  @Public()
  status() {
    return { status: 'ok' };
  }
}

/** Stand-ins for the controllers of libs/platform (health) and the Prometheus package (/metrics). */
@Controller('health')
class HealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

@Controller('metrics')
class MetricsController {
  @Get()
  metrics() {
    return 'up 1';
  }
}

/** Lookalikes that must not be public. */
@Controller()
class LookalikeController {
  @Get('healthy')
  healthy() {
    return { status: 'ok' };
  }

  @Get('health/secrets')
  @Roles(OfficerRole.PLATFORM_ADMIN)
  secrets() {
    return { secret: true };
  }
}

describe('AuthGuard and RolesGuard over HTTP', () => {
  let keys: TestKeys;
  let app: INestApplication;
  let base: string;
  let verifierToken: string;
  let headToken: string;

  beforeAll(async () => {
    keys = await testKeys();
    verifierToken = await signToken(keys, VERIFIER_CLAIMS);
    headToken = await signToken(keys, {
      ...VERIFIER_CLAIMS,
      sub: 'head-1',
      preferred_username: 'salatiga.head-of-office',
      realm_access: { roles: ['head-of-office'] },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ oidc: { issuer: TEST_ISSUER, audience: TEST_AUDIENCE }, jwks: keys.jwks })],
      controllers: [ThingsController, AdminController, HealthController, MetricsController, LookalikeController],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app?.close());

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  async function get(path: string, token?: string, authorization?: string) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (authorization) headers.authorization = authorization;
    const res = await fetch(`${base}${path}`, { headers });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // plain text
    }
    return { status: res.status, challenge: res.headers.get('www-authenticate'), body };
  }

  it('requires a token on an unannotated route: 401 with WWW-Authenticate: Bearer and the platform error body', async () => {
    const res = await get('/api/v1/things/mine');
    expect(res.status).toBe(401);
    expect(res.challenge).toBe('Bearer');
    expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
  });

  it('puts the verified officer on the request', async () => {
    const res = await get('/api/v1/things/mine', verifierToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ officer: expect.objectContaining({ username: 'salatiga.verifier', roles: ['verifier'], office: '3373' }) });
  });

  it('refuses an invalid token with error="invalid_token", and a non-Bearer header with error="invalid_request"', async () => {
    const expired = await signToken(keys, VERIFIER_CLAIMS, { expiresIn: -3600 });
    const res = await get('/api/v1/things/mine', expired);
    expect(res.status).toBe(401);
    expect(res.challenge).toBe('Bearer error="invalid_token"');
    expect(JSON.stringify(res.body)).not.toContain(expired.split('.')[1]);
    const basic = await get('/api/v1/things/mine', undefined, 'Basic dXNlcjpwYXNz');
    expect(basic.status).toBe(401);
    expect(basic.challenge).toBe('Bearer error="invalid_request"');
  });

  it('@Public passes without a token (and ignores a presented one)', async () => {
    expect(await get('/api/v1/things/open')).toMatchObject({ status: 200, body: { officer: null } });
    expect(await get('/api/v1/things/open', 'garbage')).toMatchObject({ status: 200, body: { officer: null } });
  });

  it('@OptionalOfficer allows anonymous callers, but a presented token must be valid', async () => {
    expect(await get('/api/v1/things/maybe')).toMatchObject({ status: 200, body: { officer: null } });
    expect(await get('/api/v1/things/maybe', verifierToken)).toMatchObject({
      status: 200,
      body: { officer: { username: 'salatiga.verifier' } },
    });
    expect(await get('/api/v1/things/maybe', 'garbage')).toMatchObject({ status: 401, challenge: 'Bearer error="invalid_token"' });
  });

  it('@Roles: 403 Forbidden when none of the roles is held, 401 without a token, 200 with one of them', async () => {
    const forbidden = await get('/api/v1/things/approve', verifierToken);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.any(String) });
    expect(forbidden.challenge).toBeNull();
    expect((await get('/api/v1/things/approve')).status).toBe(401);
    expect(await get('/api/v1/things/approve', headToken)).toMatchObject({ status: 200, body: { officer: { id: 'head-1' } } });
  });

  it('a controller-level @Roles applies to every handler, unless a handler is @Public', async () => {
    expect((await get('/api/v1/admin/offices', headToken)).status).toBe(403);
    expect((await get('/api/v1/admin/status')).status).toBe(200);
  });

  it('treats unannotated /health/*, /metrics routes as public, but not lookalikes or annotated ones', async () => {
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect((await get('/metrics')).status).toBe(200);
    expect((await get('/healthy')).status).toBe(401);
    expect((await get('/health/secrets')).status).toBe(401);
    expect((await get('/health/secrets', verifierToken)).status).toBe(403);
  });

  it('answers 404 for unknown routes without asking for a token', async () => {
    expect((await get('/nothing-here')).status).toBe(404);
  });
});

describe('guards outside HTTP', () => {
  const rpc = { getType: () => 'rpc', getHandler: () => undefined, getClass: () => undefined } as unknown as ExecutionContext;

  it('let non-HTTP contexts (Kafka handlers) pass', async () => {
    const verify = jest.fn();
    const guard = new AuthGuard(new Reflector(), { verify } as unknown as TokenVerifier);
    await expect(guard.canActivate(rpc)).resolves.toBe(true);
    expect(new RolesGuard(new Reflector()).canActivate(rpc)).toBe(true);
    expect(verify).not.toHaveBeenCalled();
  });
});

describe('bearerTokenFrom', () => {
  it('takes the token of "Bearer <token>" (scheme case-insensitive) and nothing else', () => {
    expect(bearerTokenFrom('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenFrom('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenFrom('Bearer')).toBeUndefined();
    expect(bearerTokenFrom('Bearer a b')).toBeUndefined();
    expect(bearerTokenFrom('Basic abc')).toBeUndefined();
    expect(bearerTokenFrom(undefined)).toBeUndefined();
    expect(bearerTokenFrom(['Bearer a', 'Bearer b'])).toBeUndefined();
  });
});
