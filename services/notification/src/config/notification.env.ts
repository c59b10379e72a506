import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { BaseServiceEnv, isNotHttps, RefuseInProduction, toInt } from '@mpp/platform';

/** The development default of RECIPIENT_HASH_KEY (refused in production). */
export const DEV_RECIPIENT_HASH_KEY = 'mpp-notification-dev-recipient-hash-key';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function smtpUrl(value: unknown): URL | undefined {
  try {
    return typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether an SMTP URL would send mail unencrypted to another machine: `smtp://` without STARTTLS being
 * required (`?requireTLS=true`) to a host other than loopback. A development catcher on 127.0.0.1:1025 is
 * fine; a relay across the network must encrypt (`smtps://`, or `smtp://…?requireTLS=true`).
 */
export function isPlainSmtpToAnotherHost(value: unknown): boolean {
  const url = smtpUrl(value);
  if (!url || url.protocol !== 'smtp:') return false;
  if (url.searchParams.get('requireTLS') === 'true') return false;
  return !LOOPBACK.test(url.hostname);
}

const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Environment of the notification service (on top of every service's). */
export class NotificationEnv extends BaseServiceEnv {
  override PORT = 3004;

  /**
   * Where email goes: `smtp://[user:password@]host:port` (STARTTLS when the server offers it; add
   * `?requireTLS=true` to insist) or `smtps://` (TLS from the start). Locally the development mail catcher
   * (`smtp://127.0.0.1:1025`, started by `npm run start:all`).
   */
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  @RefuseInProduction(
    'plainSmtp',
    isPlainSmtpToAnotherHost,
    'must encrypt mail leaving the machine: use smtps:// or smtp://…?requireTLS=true (applicants\' addresses and application numbers travel in it)',
  )
  SMTP_URL = 'smtp://127.0.0.1:1025';

  /** The From of every email, e.g. `DPMPTSP Kota Salatiga <no-reply@salatiga.go.id>`. */
  @IsString()
  @Matches(/^(?:[^<>\r\n]{1,100} )?<?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'must be an address, optionally with a display name: Name <user@host>' })
  @RefuseInProduction('localhost', (value) => /@[^>]*\.?localhost>?$/i.test(String(value)), 'must not be a .localhost address: recipients could not answer it')
  NOTIFY_FROM = 'MPP <no-reply@mpp.localhost>';

  /** Public address of the portal: the messages' tracking links point at its `/lacak` page. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @RefuseInProduction('https', isNotHttps, 'must be an https:// URL: applicants open it from their mail')
  PORTAL_BASE_URL = 'http://localhost:3000';

  /**
   * Public address of this service, for the unsubscribe link (`/api/v1/notifications/unsubscribe`). In
   * Compose and production the portal's address (its reverse proxy routes that path here).
   */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @RefuseInProduction('https', isNotHttps, 'must be an https:// URL: applicants open it from their mail')
  NOTIFY_PUBLIC_URL = 'http://localhost:3004';

  /**
   * Key of the HMAC that stands for a recipient in the delivery records (and signs unsubscribe links): the
   * records show that one address got a message without holding the address.
   */
  @IsString()
  @MinLength(24)
  @RefuseInProduction('defaultKey', (value) => value === DEV_RECIPIENT_HASH_KEY, 'must not be the development default: set a random key of 24+ characters', { secret: true })
  RECIPIENT_HASH_KEY = DEV_RECIPIENT_HASH_KEY;

  /** Attempts of one delivery before it is given up (recorded as GAVE_UP, counted in a metric). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  DELIVERY_MAX_ATTEMPTS = 10;

  /** Delay before the second attempt; each further attempt waits twice as long, up to DELIVERY_RETRY_MAX_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DELIVERY_RETRY_BASE_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  DELIVERY_RETRY_MAX_MS = 3_600_000;

  /** How often due deliveries are looked for (a new delivery also wakes the sender at once). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  DELIVERY_POLL_INTERVAL_MS = 1000;

  /** Days an applicant's contact data is kept after the application closes (issued, rejected, withdrawn). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  CONTACT_RETENTION_DAYS = 30;

  /** How often contact data past its retention is deleted. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  CONTACT_RETENTION_CHECK_MS = 3_600_000;

  /**
   * WhatsApp/SMS gateway (HTTP): the service POSTs `{ channel, to, text, reference }` as JSON here. No
   * WhatsApp/SMS is sent when unset.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @RefuseInProduction('https', isNotHttps, 'must be an https:// URL: phone numbers and messages travel in it')
  MESSAGE_GATEWAY_URL?: string;

  /** Bearer token for MESSAGE_GATEWAY_URL. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: NotificationEnv) => env.MESSAGE_GATEWAY_URL !== undefined && env.NODE_ENV === 'production')
  @IsString()
  @MinLength(16)
  @MaxLength(500)
  MESSAGE_GATEWAY_TOKEN?: string;

  /** Which channel the gateway carries for phone numbers: `whatsapp` or `sms`. */
  @Matches(/^(whatsapp|sms)$/, { message: 'must be whatsapp or sms' })
  MESSAGE_GATEWAY_CHANNEL: 'whatsapp' | 'sms' = 'whatsapp';

  /**
   * Officers' work addresses per office (JSON: `{"3373": {"headOfOffice": ["…"], "verifiers": ["…"]}}`):
   * who hears that a case missed its service level. Checked at start-up (OfficerDirectory).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OFFICE_CONTACTS?: string;

  /**
   * Directory of per-office template overrides: `<officeCode>/<kind>.<language>.json` with `subject`,
   * `body` and optionally `sms` (see README, "Notifications"). Checked at start-up.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  NOTIFY_TEMPLATES_DIR?: string;
}
