import { BaseServiceEnv, DocumentServiceEnv, validateEnv } from './config';

class TestEnv extends BaseServiceEnv {
  override PORT = 3001;
}

describe('validateEnv', () => {
  const validate = validateEnv(TestEnv);
  const good = { DATABASE_URL: 'postgres://intake_svc@127.0.0.1:5432/mpp', OIDC_ISSUER: 'http://localhost:3099' };

  it('applies defaults and converts types', () => {
    const env = validate({ ...good, PORT: '4000', DB_MIGRATE_ON_START: 'false' });
    expect(env).toMatchObject({ PORT: 4000, KAFKA_BROKERS: '127.0.0.1:9092', DB_MIGRATE_ON_START: false, CONSUMER_MAX_ATTEMPTS: 3 });
  });

  it('refuses to start with a message naming each bad variable', () => {
    expect(() => validate({ DATABASE_URL: 'mysql://x', PORT: 'eighty', KAFKA_BROKERS: 'localhost' })).toThrow(
      /Invalid configuration:[\s\S]*PORT[\s\S]*DATABASE_URL: must be a postgres:\/\/ connection URL[\s\S]*KAFKA_BROKERS: must be a comma-separated list of host:port/,
    );
  });

  it('refuses a boolean it cannot read instead of guessing', () => {
    expect(() => validate({ ...good, DB_MIGRATE_ON_START: 'ture' })).toThrow(/DB_MIGRATE_ON_START must be a boolean value \(got "ture"\)/);
  });

  it('names a missing required variable', () => {
    expect(() => validate({})).toThrow(/DATABASE_URL/);
  });
});

describe('document store settings', () => {
  const good = { PORT: '3001', DATABASE_URL: 'postgres://intake_svc@127.0.0.1:5432/mpp', OIDC_ISSUER: 'http://localhost:3099' };

  it('are declared and checked for a service that keeps documents', () => {
    const validate = validateEnv(DocumentServiceEnv);
    expect(validate(good)).toMatchObject({ DOCUMENT_STORE: 'filesystem', DOCUMENT_STORE_DIR: 'tmp/documents', S3_FORCE_PATH_STYLE: true });
    expect(() => validate({ ...good, DOCUMENT_STORE: 's3' })).toThrow(/S3_BUCKET[\s\S]*S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/);
    expect(validate({ ...good, DOCUMENT_STORE: 's3', S3_BUCKET: 'docs', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' })).toMatchObject({ DOCUMENT_STORE: 's3' });
  });

  it('are unknown to the base environment of every service', () => {
    const env = new BaseServiceEnv();
    for (const name of ['DOCUMENT_STORE', 'DOCUMENT_STORE_DIR', 'S3_BUCKET', 'S3_REGION', 'S3_FORCE_PATH_STYLE']) expect(name in env).toBe(false);
    expect(() => validateEnv(BaseServiceEnv)({ ...good, DOCUMENT_STORE: 's3' })).not.toThrow();
  });
});
