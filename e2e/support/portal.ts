import { RunningService, startService } from '@mpp/testing';
import { PORTS, RunningPlatform } from './platform';

/**
 * The portal (services/portal, built by `npm run build`) as its own process in front of a running
 * platform, the way it runs in production: its backend-for-frontend forwards /api to the services and
 * serves the built web app. Returns the portal's base URL and how to stop it.
 */
export async function startPortal(platform: RunningPlatform, env: Record<string, string> = {}): Promise<{ url: string; service: RunningService }> {
  const service = await startService('portal', {
    PORT: String(PORTS.portal),
    LOG_LEVEL: 'info',
    INTAKE_URL: platform.intake,
    VERIFICATION_URL: platform.verification,
    ISSUANCE_URL: platform.issuance,
    ...env,
  });
  return { url: service.url, service };
}
