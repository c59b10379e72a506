import { validateEnv } from '@mpp/platform';
import { parseOfficeContacts } from '../offices/officer-directory';
import { DEV_RECIPIENT_HASH_KEY, isPlainSmtpToAnotherHost, NotificationEnv } from './notification.env';

const validate = validateEnv(NotificationEnv);

describe('NotificationEnv', () => {
  const dev = { DATABASE_URL: 'postgres://notification_svc:notification_svc@127.0.0.1:5432/mpp', OIDC_ISSUER: 'http://localhost:3099' };

  it('defaults to port 3004 and the local mail catcher', () => {
    expect(validate(dev)).toMatchObject({ PORT: 3004, SMTP_URL: 'smtp://127.0.0.1:1025', DELIVERY_MAX_ATTEMPTS: 10, CONTACT_RETENTION_DAYS: 30 });
  });

  it('refuses what is not an SMTP URL or a From address', () => {
    expect(() => validate({ ...dev, SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => validate({ ...dev, NOTIFY_FROM: 'not an address' })).toThrow(/NOTIFY_FROM: must be an address/);
    expect(validate({ ...dev, NOTIFY_FROM: 'DPMPTSP Kota Salatiga <no-reply@salatiga.go.id>' })).toBeDefined();
  });

  it('knows plain SMTP to another host from a local catcher and from TLS', () => {
    expect(isPlainSmtpToAnotherHost('smtp://127.0.0.1:1025')).toBe(false);
    expect(isPlainSmtpToAnotherHost('smtp://localhost:1025')).toBe(false);
    expect(isPlainSmtpToAnotherHost('smtps://relay.example.go.id')).toBe(false);
    expect(isPlainSmtpToAnotherHost('smtp://relay.example.go.id:587?requireTLS=true')).toBe(false);
    expect(isPlainSmtpToAnotherHost('smtp://relay.example.go.id:587')).toBe(true);
  });
});

describe('NotificationEnv in production', () => {
  const production = {
    NODE_ENV: 'production',
    REDIS_URL: 'rediss://:a-long-redis-password@redis.internal:6379/0',
    DATABASE_URL: 'postgres://notification_svc:a-long-random-password@db.internal:5432/mpp',
    MIGRATION_DATABASE_URL: 'postgres://notification_owner:another-long-random-password@db.internal:5432/mpp',
    KAFKA_SASL_USERNAME: 'notification',
    KAFKA_SASL_PASSWORD: 'a-long-random-kafka-password',
    OIDC_ISSUER: 'https://sso.example.go.id/realms/mpp',
    SMTP_URL: 'smtps://mpp:secret@relay.example.go.id',
    NOTIFY_FROM: 'DPMPTSP <no-reply@izin.example.go.id>',
    PORTAL_BASE_URL: 'https://izin.example.go.id',
    NOTIFY_PUBLIC_URL: 'https://izin.example.go.id',
    RECIPIENT_HASH_KEY: 'a-random-key-of-more-than-24-characters',
  };

  it('starts with safe settings', () => {
    expect(validate(production)).toMatchObject({ NODE_ENV: 'production' });
  });

  it('refuses unencrypted SMTP to a relay, a .localhost sender, plain-http links and the development hash key', () => {
    let message = '';
    try {
      validate({
        ...production,
        SMTP_URL: 'smtp://relay.example.go.id:25',
        NOTIFY_FROM: 'MPP <no-reply@mpp.localhost>',
        PORTAL_BASE_URL: 'http://izin.example.go.id',
        RECIPIENT_HASH_KEY: DEV_RECIPIENT_HASH_KEY,
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/SMTP_URL: must encrypt mail leaving the machine/);
    expect(message).toMatch(/NOTIFY_FROM: must not be a \.localhost address/);
    expect(message).toMatch(/PORTAL_BASE_URL: must be an https:\/\/ URL/);
    expect(message).toMatch(/RECIPIENT_HASH_KEY: must not be the development default/);
    expect(message).not.toContain(DEV_RECIPIENT_HASH_KEY);
  });

  it('wants a token for the WhatsApp/SMS gateway', () => {
    expect(() => validate({ ...production, MESSAGE_GATEWAY_URL: 'https://wa.example.go.id/send' })).toThrow(/MESSAGE_GATEWAY_TOKEN/);
    expect(validate({ ...production, MESSAGE_GATEWAY_URL: 'https://wa.example.go.id/send', MESSAGE_GATEWAY_TOKEN: 'a-long-gateway-token' })).toBeDefined();
  });
});

describe('OFFICE_CONTACTS', () => {
  it('reads officers\' addresses per office and refuses what it does not understand', () => {
    const contacts = parseOfficeContacts('{"3373": {"headOfOffice": ["kepala@salatiga.go.id"], "verifiers": ["verifikasi@salatiga.go.id"]}}');
    expect(contacts.get('3373')).toEqual({ headOfOffice: ['kepala@salatiga.go.id'], verifiers: ['verifikasi@salatiga.go.id'] });
    expect(parseOfficeContacts(undefined).size).toBe(0);
    expect(() => parseOfficeContacts('{')).toThrow(/OFFICE_CONTACTS must be JSON/);
    expect(() => parseOfficeContacts('{"33": {"headOfOffice": ["x"]}}')).toThrow(/33 is not a 4-digit office code[\s\S]*headOfOffice must be a list of email addresses/);
    expect(() => parseOfficeContacts('{"3373": {"boss": []}}')).toThrow(/unknown duty boss/);
  });
});
