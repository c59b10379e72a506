import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ApiExceptionFilter } from './errors';
import { PublicRateLimit, rateLimitModule } from './rate-limit';

@Controller()
class PublicController {
  @Get('limited')
  @PublicRateLimit()
  limited() {
    return { ok: true };
  }

  @Get('unlimited')
  unlimited() {
    return { ok: true };
  }
}

@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [() => ({ RATE_LIMIT_PER_MINUTE: 3 })] }), rateLimitModule()],
  controllers: [PublicController],
  providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
})
class TestModule {}

describe('public rate limit', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(() => app.close());

  it('answers 429 with Retry-After once a client exceeds the limit, on limited endpoints only', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base}/limited`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await fetch(`${base}/limited`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('retry in') });
    expect((await fetch(`${base}/unlimited`)).status).toBe(200);
  });
});
