import { BaseServiceEnv, validateEnv } from './config';

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
