import { validateEnv } from '@mpp/platform';
import { VerificationEnv } from './verification.env';

describe('VerificationEnv in production', () => {
  const validate = validateEnv(VerificationEnv);
  const production = {
    NODE_ENV: 'production',
    REDIS_URL: 'rediss://:a-long-redis-password@redis.internal:6379/0',
    DATABASE_URL: 'postgres://verification_svc:a-long-random-password@db.internal:5432/mpp',
    MIGRATION_DATABASE_URL: 'postgres://verification_owner:another-long-random-password@db.internal:5432/mpp',
    KAFKA_SASL_USERNAME: 'document-verification',
    KAFKA_SASL_PASSWORD: 'a-long-random-kafka-password',
    OIDC_ISSUER: 'https://sso.example.go.id/realms/mpp',
    DOCUMENT_STORE: 's3',
    S3_BUCKET: 'mpp-documents',
    S3_ACCESS_KEY_ID: 'mpp-documents-rw',
    S3_SECRET_ACCESS_KEY: 'a-long-random-secret',
  };

  it('starts with safe settings', () => {
    expect(validate(production)).toMatchObject({ NODE_ENV: 'production', DOCUMENT_STORE: 's3' });
  });

  it("refuses MinIO's default credentials and the shared unsafe settings, naming each", () => {
    let message = '';
    try {
      validate({
        ...production,
        DATABASE_URL: 'postgres://verification_svc:verification_svc@db.internal:5432/mpp',
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
        DATABASE_URL: 'postgres://verification_svc:verification_svc@127.0.0.1:5432/mpp',
        OIDC_ISSUER: 'http://localhost:3099',
        S3_ACCESS_KEY_ID: 'minioadmin',
        S3_SECRET_ACCESS_KEY: 'minioadmin',
      }),
    ).toMatchObject({ NODE_ENV: 'development', S3_ACCESS_KEY_ID: 'minioadmin' });
  });
});
