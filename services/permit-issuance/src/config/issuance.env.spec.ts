import { validateEnv } from '@mpp/platform';
import { IssuanceEnv } from './issuance.env';

describe('IssuanceEnv', () => {
  it('has no document store settings: issuance never touches documents', () => {
    const env = new IssuanceEnv();
    for (const name of ['DOCUMENT_STORE', 'DOCUMENT_STORE_DIR', 'DOCUMENT_MAX_BYTES', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE']) {
      expect({ name, declared: name in env }).toEqual({ name, declared: false });
    }
    const base = { DATABASE_URL: 'postgres://issuance_svc@127.0.0.1:5432/mpp', OIDC_ISSUER: 'http://localhost:3099' };
    expect(() => validateEnv(IssuanceEnv)({ ...base, DOCUMENT_STORE: 's3' })).not.toThrow();
  });
});

describe('IssuanceEnv in production', () => {
  const production = {
    NODE_ENV: 'production',
    REDIS_URL: 'rediss://:a-long-redis-password@redis.internal:6379/0',
    DATABASE_URL: 'postgres://issuance_svc:a-long-random-password@db.internal:5432/mpp',
    MIGRATION_DATABASE_URL: 'postgres://issuance_owner:another-long-random-password@db.internal:5432/mpp',
    KAFKA_SASL_USERNAME: 'permit-issuance',
    KAFKA_SASL_PASSWORD: 'a-long-random-kafka-password',
    OIDC_ISSUER: 'https://sso.example.go.id/realms/mpp',
    PUBLIC_BASE_URL: 'https://izin.example.go.id',
  };
  const validate = validateEnv(IssuanceEnv);
  const refusal = /SIGNING_KEY_PASSPHRASE: must be set \(16\+ characters\) while PERMIT_SIGNER=local: without it the offices' private signing keys are stored unencrypted \(refused because NODE_ENV=production\)/;

  it('refuses a missing or empty signing-key passphrase while this service signs', () => {
    expect(() => validate(production)).toThrow(refusal);
    expect(() => validate({ ...production, SIGNING_KEY_PASSPHRASE: '' })).toThrow(refusal);
    expect(() => validate({ ...production, PERMIT_SIGNER: 'local', SIGNING_KEY_PASSPHRASE: '' })).toThrow(refusal);
  });

  it('refuses a short passphrase (as everywhere)', () => {
    expect(() => validate({ ...production, SIGNING_KEY_PASSPHRASE: 'short' })).toThrow(/SIGNING_KEY_PASSPHRASE must be longer than or equal to 16 characters/);
  });

  it('names the passphrase together with the shared refusals', () => {
    let message = '';
    try {
      validate({ ...production, OIDC_ISSUER: 'http://localhost:3099', DATABASE_URL: 'postgres://issuance_svc:issuance_svc@db:5432/mpp' });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const expected of [/DATABASE_URL: must carry a password/, /OIDC_ISSUER: must be an https:\/\/ URL/, /OIDC_ISSUER: must not be the development token issuer/, refusal]) {
      expect(message).toMatch(expected);
    }
  });

  it('starts with a passphrase, or without one when nothing is signed locally', () => {
    expect(validate({ ...production, SIGNING_KEY_PASSPHRASE: 'correct horse battery staple' })).toMatchObject({ PERMIT_SIGNER: 'local' });
    expect(validate({ ...production, PERMIT_SIGNER: 'pending' })).toMatchObject({ PERMIT_SIGNER: 'pending', SIGNING_KEY_PASSPHRASE: undefined });
  });

  it.each(['development', 'test'])('leaves the passphrase optional with NODE_ENV=%s', (NODE_ENV) => {
    const dev = { NODE_ENV, DATABASE_URL: 'postgres://issuance_svc:issuance_svc@127.0.0.1:5432/mpp', OIDC_ISSUER: 'http://localhost:3099' };
    expect(validate(dev)).toMatchObject({ NODE_ENV, PERMIT_SIGNER: 'local', SIGNING_KEY_PASSPHRASE: undefined });
    expect(validate({ ...dev, SIGNING_KEY_PASSPHRASE: '' })).toMatchObject({ SIGNING_KEY_PASSPHRASE: undefined });
  });
});
