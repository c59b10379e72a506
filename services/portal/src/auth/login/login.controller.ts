import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { serializeCookie } from '../cookies';
import { PortalAuth } from '../portal-auth';
import { sanitizeReturnTo } from '../return-to';
import { LOGIN_STATE_SECONDS, randomId } from '../session-store';

/** Where a login that cannot start or finish sends the browser (a page of the web app, never raw JSON). */
export const LOGIN_FAILED_PAGE = '/masuk-gagal';

/**
 * `GET /auth/login?returnTo=/petugas/...`: starts the authorization code flow. The state, nonce and PKCE
 * verifier stay in Redis (the verifier never reaches the browser), keyed by the state; a short-lived
 * httpOnly cookie binds the flow to this browser (a callback with another browser's state is refused).
 */
@Controller('auth')
export class LoginController {
  private readonly logger = new Logger('Login');

  constructor(private readonly auth: PortalAuth) {}

  @Get('login')
  async login(@Query('returnTo') returnTo: unknown, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const state = randomId();
    const nonce = randomId();
    const codeVerifier = randomId();
    try {
      const url = await this.auth.oidc.authorizationUrl(state, nonce, codeVerifier);
      await this.auth.sessions.store.saveLogin(state, { codeVerifier, nonce, returnTo: sanitizeReturnTo(returnTo) });
      res.append('Set-Cookie', serializeCookie(this.auth.cookies, this.auth.cookies.loginName, state, LOGIN_STATE_SECONDS));
      res.redirect(303, url.href);
    } catch (err) {
      this.logger.error(`Cannot start a login: ${err instanceof Error ? err.message : String(err)}`);
      res.redirect(303, `${LOGIN_FAILED_PAGE}?sebab=tidak-tersedia`);
    }
  }
}
