import { Controller, ForbiddenException, HttpCode, Post, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { csrfRefusal } from '../csrf';
import { PortalAuth } from '../portal-auth';
import { SessionStoreUnavailableError } from '../session-store';
import { SESSION_STORE_DOWN } from '../officer-calls/officer-calls.middleware';

/**
 * `POST /auth/logout` (X-CSRF-Token required with a session): ends the session in Redis, deletes the cookie,
 * and answers where the browser goes next: the provider's end-session page (back to the portal) when it
 * has one, else the home page.
 */
@Controller('auth')
export class LogoutController {
  constructor(private readonly auth: PortalAuth) {}

  @Post('logout')
  @HttpCode(200)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ redirectTo: string }> {
    res.setHeader('Cache-Control', 'no-store');
    const id = this.auth.sessionId(req);
    if (!id) return { redirectTo: '/' };
    let idToken: string | undefined;
    try {
      const session = await this.auth.sessions.store.load(id);
      if (session) {
        const refusal = csrfRefusal(req.headers, session.csrfToken, this.auth.settings.publicOrigin);
        if (refusal) throw new ForbiddenException(`Request refused: ${refusal}`);
        idToken = session.idToken;
        await this.auth.sessions.end(id);
      }
    } catch (err) {
      if (err instanceof SessionStoreUnavailableError) throw new ServiceUnavailableException(SESSION_STORE_DOWN);
      throw err;
    }
    this.auth.clearSessionCookie(res);
    return { redirectTo: (await this.auth.oidc.endSessionUrl(idToken)) ?? '/' };
  }
}
