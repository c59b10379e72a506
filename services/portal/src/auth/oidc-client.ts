import { Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { DEVELOPMENT_ISSUER_MARKER } from '@mpp/auth';
import type { AuthSettings } from './auth-settings';

/** The provider cannot be used right now (down, misconfigured, or the development issuer in production). */
export class ProviderUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`OpenID provider unavailable: ${reason}`, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** The tokens of a completed login or refresh. */
export interface ProviderTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
}

const SCOPE = 'openid profile';

/**
 * The portal as an OpenID Connect relying party (openid-client): authorization code flow with PKCE S256,
 * state and nonce; public client, or confidential when OIDC_CLIENT_SECRET is set. The provider is
 * discovered on first use (and again after a failure), so the portal starts while the provider is down.
 */
export class OidcClient {
  private readonly logger = new Logger('OidcClient');
  private configuration?: Promise<client.Configuration>;

  constructor(private readonly settings: AuthSettings) {}

  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((err: unknown) => {
      this.configuration = undefined;
      throw err instanceof ProviderUnavailableError ? err : new ProviderUnavailableError(err instanceof Error ? err.message : String(err), { cause: err });
    });
    return this.configuration;
  }

  /** Requests to the issuer's origin sent to OIDC_INTERNAL_ORIGIN instead, when set (Compose). */
  private readonly fetchThroughInternalOrigin: client.CustomFetch = (url, options) => {
    const { internalOrigin, issuer } = this.settings;
    const publicOrigin = new URL(issuer).origin;
    const target = internalOrigin && url.startsWith(publicOrigin) ? `${new URL(internalOrigin).origin}${url.slice(publicOrigin.length)}` : url;
    return fetch(target, options as RequestInit);
  };

  private async discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret, production, internalOrigin } = this.settings;
    const insecure = new URL(issuer).protocol === 'http:' || (internalOrigin !== undefined && new URL(internalOrigin).protocol === 'http:');
    const config = await client.discovery(
      new URL(issuer),
      clientId,
      clientSecret ? { client_secret: clientSecret } : undefined,
      clientSecret ? client.ClientSecretBasic(clientSecret) : client.None(),
      { execute: insecure ? [client.allowInsecureRequests] : [], timeout: 5, ...(internalOrigin ? { [client.customFetch]: this.fetchThroughInternalOrigin } : {}) },
    );
    if (internalOrigin) config[client.customFetch] = this.fetchThroughInternalOrigin;
    if (production && config.serverMetadata()[DEVELOPMENT_ISSUER_MARKER] === true) {
      this.logger.error(`${issuer} is the development token issuer (${DEVELOPMENT_ISSUER_MARKER}): refused with NODE_ENV=production`);
      throw new ProviderUnavailableError('the development token issuer is refused in production');
    }
    return config;
  }

  /** The provider's authorization URL for a new login. */
  async authorizationUrl(state: string, nonce: string, codeVerifier: string): Promise<URL> {
    const config = await this.config();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.callbackUrl,
      scope: SCOPE,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Redeems the code of a callback (its query as received) with the PKCE verifier, checking state, the
   * `iss` parameter when the provider sends one, and the ID token (issuer, audience, nonce, expiry).
   */
  async redeem(callbackQuery: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderTokens> {
    const config = await this.config();
    const currentUrl = new URL(`${this.settings.callbackUrl}${callbackQuery}`);
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, idToken: tokens.id_token };
  }

  /** New tokens for a refresh token (Keycloak); throws when the provider refuses it. */
  async refresh(refreshToken: string): Promise<ProviderTokens> {
    const config = await this.config();
    const tokens = await client.refreshTokenGrant(config, refreshToken);
    return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? refreshToken, idToken: tokens.id_token };
  }

  /** The provider's end-session URL back to the portal, when the provider has one (else undefined). */
  async endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
    try {
      const config = await this.config();
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return client
        .buildEndSessionUrl(config, {
          post_logout_redirect_uri: `${this.settings.publicOrigin}/`,
          client_id: this.settings.clientId,
          ...(idToken ? { id_token_hint: idToken } : {}),
        })
        .toString();
    } catch {
      return undefined;
    }
  }
}
