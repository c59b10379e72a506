import { Controller, Get, Logger, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { readCookie, serializeCookie } from '../cookies';
import { LOGIN_FAILED_PAGE } from '../login/login.controller';
import { PortalAuth } from '../portal-auth';
import { SessionStoreUnavailableError } from '../session-store';

/**
 * `GET /auth/callback?code=&state=`: the provider sends the officer back here. The state must be this
 * browser's (login cookie) and still waiting (single use); the code is redeemed with the PKCE verifier, the
 * ID token's nonce checked, the access token verified by the platform's verifier. Then a new session (a new
 * id: any earlier session of this browser ends) and back to the page the officer asked for.
 */
@Controller('auth')
export class CallbackController {
  private readonly logger = new Logger('Login');

  constructor(private readonly auth: PortalAuth) {}

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const { cookies } = this.auth;
    res.append('Set-Cookie', serializeCookie(cookies, cookies.loginName, '', 0));
    const fail = (why: string, reason = 'gagal') => {
      this.logger.warn(`Login refused: ${why}`);
      res.redirect(303, `${LOGIN_FAILED_PAGE}?sebab=${reason}`);
    };
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const params = new URLSearchParams(query);
    const state = params.get('state') ?? '';
    const browserState = readCookie(req.headers.cookie, cookies.loginName);
    if (!browserState || browserState !== state) return fail('the state is not the one this browser started', 'kedaluwarsa');
    try {
      const login = await this.auth.sessions.store.takeLogin(state);
      if (!login) return fail('unknown or already used state', 'kedaluwarsa');
      if (params.has('error')) return fail(`the provider answered ${params.get('error')}`);
      const tokens = await this.auth.oidc.redeem(query, { state, nonce: login.nonce, codeVerifier: login.codeVerifier });
      const { id } = await this.auth.sessions.create(tokens);
      const previous = this.auth.sessionId(req);
      if (previous) await this.auth.sessions.end(previous);
      this.auth.setSessionCookie(res, id);
      res.redirect(303, login.returnTo);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof SessionStoreUnavailableError) return fail(message, 'tidak-tersedia');
      return fail(message);
    }
  }
}
