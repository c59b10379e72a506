import { Controller, Get, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SESSION_STORE_DOWN } from '../officer-calls/officer-calls.middleware';
import { PortalAuth } from '../portal-auth';
import type { SessionOfficer } from '../session-store';
import { SessionStoreUnavailableError } from '../session-store';

/** What the web app learns about the session: the officer and the CSRF token, never a token of the provider. */
export interface SessionView {
  officer: SessionOfficer | null;
  csrfToken?: string;
}

/** `GET /auth/session`: who is signed in (and the CSRF token for state-changing calls), or `officer: null`. */
@Controller('auth')
export class SessionController {
  constructor(private readonly auth: PortalAuth) {}

  @Get('session')
  async session(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    res.setHeader('Cache-Control', 'no-store');
    const id = this.auth.sessionId(req);
    if (!id) return { officer: null };
    try {
      const session = await this.auth.sessions.resume(id);
      if (!session) {
        this.auth.clearSessionCookie(res);
        return { officer: null };
      }
      return { officer: session.officer, csrfToken: session.csrfToken };
    } catch (err) {
      if (err instanceof SessionStoreUnavailableError) throw new ServiceUnavailableException(SESSION_STORE_DOWN);
      throw err;
    }
  }
}
