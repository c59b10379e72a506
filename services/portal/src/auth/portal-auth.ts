import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import { TokenVerifier } from '@mpp/auth';
import type { PortalEnv } from '../config/portal.env';
import { type AuthSettings, authSettingsFrom } from './auth-settings';
import { type CookiePolicy, cookiePolicy, readCookie, serializeCookie } from './cookies';
import { OidcClient } from './oidc-client';
import { SessionStore } from './session-store';
import { Sessions } from './sessions';

/** The officers' login and sessions, wired from the portal's configuration (one instance per process). */
@Injectable()
export class PortalAuth implements OnModuleDestroy {
  readonly settings: AuthSettings;
  readonly cookies: CookiePolicy;
  readonly oidc: OidcClient;
  readonly sessions: Sessions;

  constructor(config: ConfigService<PortalEnv, true>) {
    this.settings = authSettingsFrom(config);
    this.cookies = cookiePolicy(this.settings.publicOrigin);
    this.oidc = new OidcClient(this.settings);
    const verifier = new TokenVerifier({
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      jwksUri: this.settings.jwksUri,
      refuseDevelopmentIssuer: this.settings.production,
    });
    this.sessions = new Sessions(this.settings, new SessionStore(this.settings.redisUrl, this.settings.keyPrefix), this.oidc, verifier);
  }

  /** The session id the browser sent, if any. */
  sessionId(req: Request): string | undefined {
    return readCookie(req.headers.cookie, this.cookies.sessionName);
  }

  setSessionCookie(res: Response, id: string): void {
    res.append('Set-Cookie', serializeCookie(this.cookies, this.cookies.sessionName, id, this.settings.maxSeconds));
  }

  clearSessionCookie(res: Response): void {
    res.append('Set-Cookie', serializeCookie(this.cookies, this.cookies.sessionName, '', 0));
  }

  onModuleDestroy(): void {
    this.sessions.store.close();
  }
}
