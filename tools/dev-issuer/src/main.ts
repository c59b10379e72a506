/**
 * Development token issuer:
 *   NODE_ENV=development npx nx serve dev-issuer   (or: node -r ./scripts/register-paths.js dist/tools/dev-issuer/tools/dev-issuer/src/main.js)
 * Environment: DEV_ISSUER_PORT (3099), DEV_ISSUER_HOST (127.0.0.1), DEV_ISSUER_URL
 * (http://localhost:<port>), OIDC_AUDIENCE (mpp-platform), DEV_ISSUER_REDIRECT_URIS (comma-separated redirect
 * URIs of the portal client; default http://localhost:3000/auth/callback and the 127.0.0.1 variant). Starts only with NODE_ENV development or test
 * (set it: unset refuses), and only on a loopback host.
 */
import { DEFAULT_OIDC_AUDIENCE } from '@mpp/auth';
import { errorText } from '@mpp/platform';
import { DEMO_OFFICERS } from './demo-officers';
import { startDevIssuer } from './issuer';

async function main() {
  const port = Number(process.env.DEV_ISSUER_PORT || 3099);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`DEV_ISSUER_PORT: not a port (${process.env.DEV_ISSUER_PORT})`);
  const issuer = await startDevIssuer({
    port,
    host: process.env.DEV_ISSUER_HOST || '127.0.0.1',
    issuerUrl: process.env.DEV_ISSUER_URL || `http://localhost:${port}`,
    audience: process.env.OIDC_AUDIENCE || DEFAULT_OIDC_AUDIENCE,
    redirectUris: process.env.DEV_ISSUER_REDIRECT_URIS ? process.env.DEV_ISSUER_REDIRECT_URIS.split(',').map((u) => u.trim()).filter(Boolean) : undefined,
  });
  process.stdout.write(
    [
      `Development token issuer at ${issuer.url} (NOT for production: no passwords)`,
      `  services: OIDC_ISSUER=${issuer.url} OIDC_AUDIENCE=${process.env.OIDC_AUDIENCE || DEFAULT_OIDC_AUDIENCE}`,
      `  token:    curl -s -X POST ${issuer.url}/token -H 'content-type: application/json' -d '{"username":"salatiga.verifier"}'`,
      `  officers: ${DEMO_OFFICERS.map((o) => o.username).join(', ')}`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void issuer.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${errorText(err)}\n`);
  process.exit(1);
});
