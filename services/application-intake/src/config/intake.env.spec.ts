import { validateEnv } from '@mpp/platform';
import { IntakeEnv } from './intake.env';

describe('IntakeEnv in production', () => {
  const validate = validateEnv(IntakeEnv);
  const production = {
    NODE_ENV: 'production',
    REDIS_URL: 'rediss://:a-long-redis-password@redis.internal:6379/0',
    DATABASE_URL: 'postgres://intake_svc:a-long-random-password@db.internal:5432/mpp',
    MIGRATION_DATABASE_URL: 'postgres://intake_owner:another-long-random-password@db.internal:5432/mpp',
    KAFKA_SASL_USERNAME: 'application-intake',
    KAFKA_SASL_PASSWORD: 'a-long-random-kafka-password',
    OIDC_ISSUER: 'https://sso.example.go.id/realms/mpp',
    DOCUMENT_STORE: 's3',
    S3_BUCKET: 'mpp-documents',
    S3_ACCESS_KEY_ID: 'mpp-documents-rw',
    S3_SECRET_ACCESS_KEY: 'a-long-random-secret',
    TRACKING_CODE_PEPPERS: 'a-tracking-code-pepper-of-32-chars-or-more,an-older-pepper-still-in-use-0123456789',
  };

  it('starts with safe settings', () => {
    expect(validate(production)).toMatchObject({ NODE_ENV: 'production', DOCUMENT_STORE: 's3' });
  });

  it('reads the upload quota per application, with defaults', () => {
    expect(validate(production)).toMatchObject({ UPLOAD_MAX_VERSIONS_PER_APPLICATION: 30, UPLOAD_MAX_BYTES_PER_APPLICATION: 50 * 1024 * 1024 });
    expect(validate({ ...production, UPLOAD_MAX_VERSIONS_PER_APPLICATION: '8', UPLOAD_MAX_BYTES_PER_APPLICATION: '20971520' })).toMatchObject({
      UPLOAD_MAX_VERSIONS_PER_APPLICATION: 8,
      UPLOAD_MAX_BYTES_PER_APPLICATION: 20971520,
    });
    expect(() => validate({ ...production, UPLOAD_MAX_VERSIONS_PER_APPLICATION: '0', UPLOAD_MAX_BYTES_PER_APPLICATION: 'lots' })).toThrow(
      /UPLOAD_MAX_VERSIONS_PER_APPLICATION[\s\S]*UPLOAD_MAX_BYTES_PER_APPLICATION/,
    );
  });

  it('refuses a missing or short tracking-code pepper without repeating it', () => {
    const refusal = (settings: Record<string, unknown>) => {
      try {
        validate(settings);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    const { TRACKING_CODE_PEPPERS: _, ...withoutPepper } = production;
    expect(refusal(withoutPepper)).toMatch(/^ {2}- TRACKING_CODE_PEPPERS: .*\(refused because NODE_ENV=production\)/m);
    expect(refusal({ ...production, TRACKING_CODE_PEPPERS: '' })).toMatch(/TRACKING_CODE_PEPPERS/);
    const short = refusal({ ...production, TRACKING_CODE_PEPPERS: 'too-short-secret' });
    expect(short).toMatch(/^ {2}- TRACKING_CODE_PEPPERS.* at least 32 characters \(refused because NODE_ENV=production\)/m);
    expect(short).not.toContain('too-short-secret');
    expect(validate({ NODE_ENV: 'development', DATABASE_URL: production.DATABASE_URL, OIDC_ISSUER: 'http://localhost:3099', TRACKING_CODE_PEPPERS: '' })).toMatchObject({
      TRACKING_CODE_PEPPERS: undefined,
    });
  });

  it("refuses MinIO's default credentials and the shared unsafe settings, naming each", () => {
    let message = '';
    try {
      validate({
        ...production,
        DATABASE_URL: 'postgres://intake_svc:intake_svc@db.internal:5432/mpp',
        OIDC_ISSUER: 'http://localhost:3099',
        S3_ACCESS_KEY_ID: 'minioadmin',
        S3_SECRET_ACCESS_KEY: 'minioadmin',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of ['DATABASE_URL', 'OIDC_ISSUER', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
      expect(message).toMatch(new RegExp(`^  - ${name}: .*\\(refused because NODE_ENV=production\\)`, 'm'));
    }
  });

  it('keeps development settings working (NODE_ENV=development)', () => {
    expect(
      validate({
        ...production,
        NODE_ENV: 'development',
        DATABASE_URL: 'postgres://intake_svc:intake_svc@127.0.0.1:5432/mpp',
        OIDC_ISSUER: 'http://localhost:3099',
        S3_ACCESS_KEY_ID: 'minioadmin',
        S3_SECRET_ACCESS_KEY: 'minioadmin',
      }),
    ).toMatchObject({ NODE_ENV: 'development', S3_ACCESS_KEY_ID: 'minioadmin' });
  });
});
