import { Module } from '@nestjs/common';
import { CallbackController } from './callback/callback.controller';
import { LoginController } from './login/login.controller';
import { LogoutController } from './logout/logout.controller';
import { PortalAuth } from './portal-auth';
import { SessionController } from './session-info/session.controller';

/** The officers' login (OIDC authorization code + PKCE) and their server-side sessions (Redis). */
@Module({
  controllers: [LoginController, CallbackController, LogoutController, SessionController],
  providers: [PortalAuth],
  exports: [PortalAuth],
})
export class AuthModule {}
