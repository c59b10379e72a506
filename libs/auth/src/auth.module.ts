import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from '@mpp/platform';
import { AUTH_GUARD_OPTIONS, AuthGuard, type AuthGuardOptions, DEFAULT_PUBLIC_PATHS, RolesGuard } from './guards';
import type { JwksResolver, OidcSettings } from './jwks';
import { JWKS_RESOLVER, OIDC_SETTINGS, oidcSettingsFromConfig, TokenVerifier } from './token-verifier';

export interface AuthModuleOptions {
  /** Issuer, audience and key set; by default read from the configuration (OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URI). */
  oidc?: OidcSettings;
  /** Key resolver to use instead of the issuer's remote key set (tests: jose `createLocalJWKSet`). */
  jwks?: JwksResolver;
  /** Infrastructure paths treated as public when their routes carry no auth metadata (default `DEFAULT_PUBLIC_PATHS`). */
  publicPaths?: readonly RegExp[];
}

/**
 * The OIDC resource server of a service: `TokenVerifier`, and `AuthGuard`, the platform's `RateLimitGuard`
 * (per officer, else per client address) and `RolesGuard` as global guards (every HTTP route needs an officer token unless `@Public()` / `@OptionalOfficer()`; `@Roles()`
 * restricts further). Import once, in the service's root module: `AuthModule.forRoot()`.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions = {}): DynamicModule {
    const settings: Provider = options.oidc
      ? { provide: OIDC_SETTINGS, useValue: options.oidc }
      : { provide: OIDC_SETTINGS, inject: [ConfigService], useFactory: oidcSettingsFromConfig };
    const guardOptions: AuthGuardOptions = { publicPaths: options.publicPaths ?? DEFAULT_PUBLIC_PATHS };
    return {
      module: AuthModule,
      global: true,
      providers: [
        settings,
        ...(options.jwks ? [{ provide: JWKS_RESOLVER, useValue: options.jwks }] : []),
        { provide: AUTH_GUARD_OPTIONS, useValue: guardOptions },
        TokenVerifier,
        AuthGuard,
        RolesGuard,
        RateLimitGuard,
        // Order matters: the rate limit counts per officer only once AuthGuard has verified the token (an
        // unverified token must not pick its bucket), and RolesGuard reads the officer AuthGuard puts on the request.
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useExisting: RolesGuard },
      ],
      exports: [OIDC_SETTINGS, TokenVerifier],
    };
  }
}
