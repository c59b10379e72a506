import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AuthModule } from './auth.module';
import { OIDC_SETTINGS, TokenVerifier } from './token-verifier';

describe('AuthModule.forRoot()', () => {
  it('reads OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URI from the configuration', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ OIDC_ISSUER: 'http://localhost:8080/realms/mpp', OIDC_AUDIENCE: 'mpp-platform', OIDC_JWKS_URI: 'http://keycloak:8080/certs' })],
        }),
        AuthModule.forRoot(),
      ],
    }).compile();
    expect(moduleRef.get(OIDC_SETTINGS)).toEqual({
      issuer: 'http://localhost:8080/realms/mpp',
      audience: 'mpp-platform',
      jwksUri: 'http://keycloak:8080/certs',
      refuseDevelopmentIssuer: false,
    });
    expect(moduleRef.get(TokenVerifier)).toBeInstanceOf(TokenVerifier);
  });

  it('refuses the development issuer (discovery marker) with NODE_ENV=production', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ NODE_ENV: 'production', OIDC_ISSUER: 'https://sso.example.go.id/realms/mpp' })],
        }),
        AuthModule.forRoot(),
      ],
    }).compile();
    expect(moduleRef.get(OIDC_SETTINGS)).toMatchObject({ issuer: 'https://sso.example.go.id/realms/mpp', refuseDevelopmentIssuer: true });
  });

  it('refuses to start without OIDC_ISSUER', async () => {
    await expect(
      Test.createTestingModule({
        imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({})] }), AuthModule.forRoot()],
      }).compile(),
    ).rejects.toThrow(/OIDC_ISSUER/);
  });

  it('registers the guards globally: authentication, then the rate limit, then roles', () => {
    const providers = AuthModule.forRoot({ oidc: { issuer: 'http://x', audience: 'a' } }).providers ?? [];
    const guards = providers.filter((p) => typeof p === 'object' && 'provide' in p && p.provide === APP_GUARD);
    expect(guards.map((g) => (g as { useExisting: { name: string } }).useExisting.name)).toEqual(['AuthGuard', 'RateLimitGuard', 'RolesGuard']);
  });
});
