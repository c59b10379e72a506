import { Logger } from '@nestjs/common';
import { decodeJwt } from 'jose';
import type { TokenVerifier } from '@mpp/auth';
import type { AuthSettings } from './auth-settings';
import { newCsrfToken } from './csrf';
import type { OidcClient, ProviderTokens } from './oidc-client';
import { type OfficerSession, randomId, type SessionOfficer, type SessionStore } from './session-store';

/** Seconds before the access token's expiry at which the session refreshes it (or ends without a refresh token). */
const EXPIRY_MARGIN_SECONDS = 15;

/**
 * The officers' sessions: created after a verified login, looked up by the cookie's id, kept alive by use
 * (idle timeout) up to their absolute lifetime, refreshed with the provider's refresh token when there is
 * one; otherwise a session ends when its access token expires.
 */
export class Sessions {
  private readonly logger = new Logger('Sessions');

  constructor(
    private readonly settings: AuthSettings,
    readonly store: SessionStore,
    private readonly oidc: OidcClient,
    private readonly verifier: TokenVerifier,
  ) {}

  /** The officer of a set of tokens, after the platform's verifier checked the access token (signature, iss, aud, exp). */
  private async officerOf(tokens: ProviderTokens): Promise<{ officer: SessionOfficer; expiresAt: number }> {
    const officer = await this.verifier.verify(tokens.accessToken);
    const exp = decodeJwt(tokens.accessToken).exp ?? Math.floor(Date.now() / 1000) + 300;
    return {
      officer: { username: officer.username, name: officer.name ?? officer.username, roles: officer.roles, ...(officer.office ? { office: officer.office } : {}) },
      expiresAt: exp,
    };
  }

  private ttl(session: OfficerSession, now: number): number {
    const absoluteLeft = (session.createdAt + this.settings.maxSeconds * 1000 - now) / 1000;
    return Math.min(this.settings.idleSeconds, absoluteLeft);
  }

  /** A new session (a new random id: the id is rotated at every login) for the tokens of a completed login. */
  async create(tokens: ProviderTokens): Promise<{ id: string; session: OfficerSession }> {
    const { officer, expiresAt } = await this.officerOf(tokens);
    const now = Date.now();
    const session: OfficerSession = {
      officer,
      accessToken: tokens.accessToken,
      accessExpiresAt: expiresAt,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
      csrfToken: newCsrfToken(),
      createdAt: now,
      lastSeenAt: now,
    };
    const id = randomId();
    await this.store.save(id, session, this.ttl(session, now));
    this.logger.log(`Officer ${officer.username} signed in`);
    return { id, session };
  }

  /**
   * The live session of a cookie id (its idle time restarted), or undefined when there is none (expired,
   * ended, unknown). Throws SessionStoreUnavailableError when Redis cannot be reached.
   */
  async resume(id: string): Promise<OfficerSession | undefined> {
    let session = await this.store.load(id);
    if (!session) return undefined;
    const now = Date.now();
    const ended = (why: string) => {
      this.logger.log(`Session of ${session?.officer.username} ended: ${why}`);
      return this.store.delete(id).then(() => undefined);
    };
    if (this.ttl(session, now) <= 0) return ended('absolute lifetime reached');
    if (now / 1000 >= session.accessExpiresAt - EXPIRY_MARGIN_SECONDS) {
      if (!session.refreshToken) return ended('access token expired (no refresh token)');
      try {
        const tokens = await this.oidc.refresh(session.refreshToken);
        const { officer, expiresAt } = await this.officerOf(tokens);
        session = { ...session, officer, accessToken: tokens.accessToken, accessExpiresAt: expiresAt, refreshToken: tokens.refreshToken, idToken: tokens.idToken ?? session.idToken };
      } catch (err) {
        return ended(`refresh refused (${err instanceof Error ? err.message : String(err)})`);
      }
    }
    session = { ...session, lastSeenAt: now };
    await this.store.save(id, session, this.ttl(session, now));
    return session;
  }

  async end(id: string): Promise<void> {
    await this.store.delete(id);
  }
}
