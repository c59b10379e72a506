import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { toInt } from '@mpp/platform';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** The portal's settings: where the services answer, and where its built web app lies. */
export class PortalEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Base URL of application intake (applications, reference data, offices). */
  @IsUrl(URL_OPTIONS)
  INTAKE_URL = 'http://127.0.0.1:3001';

  /** Base URL of document verification (officer routes come in a later slice). */
  @IsUrl(URL_OPTIONS)
  VERIFICATION_URL = 'http://127.0.0.1:3002';

  /** Base URL of permit issuance (permits, their verification and certificates). */
  @IsUrl(URL_OPTIONS)
  ISSUANCE_URL = 'http://127.0.0.1:3003';

  /** Milliseconds the portal waits for a service's answer before a 504. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300000)
  UPSTREAM_TIMEOUT_MS = 30000;

  /** Directory of the built web app (index.html, assets/); by default the build's dist/services/portal/web. */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  WEB_ROOT?: string;

  /**
   * Proxies in front of the portal (a TLS terminator) whose X-Forwarded-For is believed, as Express's
   * `trust proxy` list; unset: the socket's peer is the end user.
   */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  TRUSTED_PROXIES?: string;
}
