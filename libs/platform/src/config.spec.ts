import { BaseServiceEnv, DocumentServiceEnv, validateEnv } from './config';

class TestEnv extends BaseServiceEnv {
  override PORT = 3001;
}

describe('validateEnv', () => {
  const validate = validateEnv(TestEnv);
  const good = { DATABASE_URL: 'postgres://intake_svc@127.0.0.1:5432/mpp', OIDC_ISSUER: 'http://localhost:3099' };

  it('applies defaults and converts types', () => {
    const env = validate({ ...good, PORT: '4000', DB_MIGRATE_ON_START: 'false' });
    expect(env).toMatchObject({ PORT: 4000, KAFKA_BROKERS: '127.0.0.1:9092', DB_MIGRATE_ON_START: false, CONSUMER_MAX_ATTEMPTS: 3, DB_POOL_SIZE: 10 });
    expect(validate({ ...good, DB_POOL_SIZE: '4' }).DB_POOL_SIZE).toBe(4);
    expect(() => validate({ ...good, DB_POOL_SIZE: '1' })).toThrow(/DB_POOL_SIZE/);
  });

  it('refuses to start with a message naming each bad variable', () => {
    expect(() => validate({ DATABASE_URL: 'mysql://x', PORT: 'eighty', KAFKA_BROKERS: 'localhost' })).toThrow(
      /Invalid configuration:[\s\S]*PORT[\s\S]*DATABASE_URL: must be a postgres:\/\/ connection URL[\s\S]*KAFKA_BROKERS: must be a comma-separated list of host:port/,
    );
  });

  it('takes the Kafka SASL login only as a pair', () => {
    expect(validate({ ...good, KAFKA_SASL_USERNAME: 'application-intake', KAFKA_SASL_PASSWORD: 'pw' })).toMatchObject({ KAFKA_SASL_USERNAME: 'application-intake' });
    expect(() => validate({ ...good, KAFKA_SASL_USERNAME: 'application-intake' })).toThrow(/KAFKA_SASL_PASSWORD: must be set together with KAFKA_SASL_USERNAME \(got nothing\)/);
    expect(() => validate({ ...good, KAFKA_SASL_PASSWORD: 'pw' })).toThrow(/KAFKA_SASL_USERNAME: must be set together with KAFKA_SASL_PASSWORD/);
    expect(() => validate({ ...good, KAFKA_SASL_USERNAME: 'a b', KAFKA_SASL_PASSWORD: 'pw' })).toThrow(/KAFKA_SASL_USERNAME: must be a SCRAM user name/);
  });

  it('refuses a boolean it cannot read instead of guessing', () => {
    expect(() => validate({ ...good, DB_MIGRATE_ON_START: 'ture' })).toThrow(/DB_MIGRATE_ON_START must be a boolean value \(got "ture"\)/);
  });

  it('defaults the rate limits and Redis outside production, and checks the proxies it is to trust', () => {
    expect(validate(good)).toMatchObject({ RATE_LIMIT_PER_MINUTE: 60, RATE_LIMIT_OFFICER_PER_MINUTE: 600, RATE_LIMIT_KEY_PREFIX: 'mpp:rate' });
    expect(validate(good).REDIS_URL).toBeUndefined(); // RateLimitModule then uses redis://127.0.0.1:6379
    expect(validate({ ...good, TRUSTED_PROXIES: '10.0.0.0/8, loopback' })).toMatchObject({ TRUSTED_PROXIES: '10.0.0.0/8, loopback' });
    expect(() => validate({ ...good, TRUSTED_PROXIES: '*' })).toThrow(/TRUSTED_PROXIES: must be a comma-separated list of IP addresses, CIDR ranges/);
    expect(() => validate({ ...good, RATE_LIMIT_OFFICER_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_OFFICER_PER_MINUTE/);
    expect(() => validate({ ...good, RATE_LIMIT_KEY_PREFIX: 'has space' })).toThrow(/RATE_LIMIT_KEY_PREFIX/);
    expect(() => validate({ ...good, TRUST_PROXY_HOPS: '1' })).toThrow(/TRUST_PROXY_HOPS: is no longer read: list the proxies .* in TRUSTED_PROXIES/);
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

describe('production refusals', () => {
  const production = {
    NODE_ENV: 'production',
    REDIS_URL: 'rediss://:a-long-redis-password@redis.internal:6379/0',
    PORT: '3001',
    DATABASE_URL: 'postgres://intake_svc:s3cret-Long-Passw0rd@db.internal:5432/mpp',
    MIGRATION_DATABASE_URL: 'postgres://intake_owner:An0ther-Long-Passw0rd@db.internal:5432/mpp',
    KAFKA_SASL_USERNAME: 'application-intake',
    KAFKA_SASL_PASSWORD: 'a-long-random-kafka-password',
    OIDC_ISSUER: 'https://sso.example.go.id/realms/mpp',
    OIDC_JWKS_URI: 'https://sso.example.go.id/realms/mpp/protocol/openid-connect/certs',
  };
  const documents = {
    ...production,
    DOCUMENT_STORE: 's3',
    S3_BUCKET: 'mpp-documents',
    S3_ACCESS_KEY_ID: 'mpp-intake',
    S3_SECRET_ACCESS_KEY: 'a-long-random-secret',
  };
  const validate = validateEnv(BaseServiceEnv);
  const validateDocuments = validateEnv(DocumentServiceEnv);
  const messageOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('accept safe production settings', () => {
    expect(validate(production)).toMatchObject({ NODE_ENV: 'production', OIDC_ISSUER: production.OIDC_ISSUER });
    expect(validateDocuments(documents)).toMatchObject({ DOCUMENT_STORE: 's3' });
    // An empty JWKS address means "discover it from the issuer" (the production Compose overlay does so).
    expect(validate({ ...production, OIDC_JWKS_URI: '' })).toMatchObject({ OIDC_JWKS_URI: '' });
  });

  it('refuse an http issuer and JWKS, loopback included, naming each', () => {
    const message = messageOf(() =>
      validate({ ...production, OIDC_ISSUER: 'http://sso.example.go.id/realms/mpp', OIDC_JWKS_URI: 'http://keycloak:8080/realms/mpp/certs' }),
    );
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toContain(
      'OIDC_ISSUER: must be an https:// URL: officer tokens and keys must travel over TLS (loopback included) (refused because NODE_ENV=production) (got "http://sso.example.go.id/realms/mpp")',
    );
    expect(message).toContain('OIDC_JWKS_URI: must be an https:// URL');
    expect(messageOf(() => validate({ ...production, OIDC_JWKS_URI: undefined, OIDC_ISSUER: 'http://127.0.0.1:8080/realms/mpp' }))).toMatch(
      /OIDC_ISSUER: must be an https:\/\/ URL/,
    );
  });

  it.each([
    'http://localhost:3099',
    'https://localhost/realms/mpp',
    'https://127.0.0.2:8443',
    'https://[::1]:8443',
    'https://issuer.localhost',
    'https://sso.example.go.id:3099',
  ])('refuse the development issuer at %s', (url) => {
    const message = messageOf(() => validate({ ...production, OIDC_ISSUER: url, OIDC_JWKS_URI: `${url}/jwks` }));
    expect(message).toMatch(/OIDC_ISSUER: must not be the development token issuer/);
    expect(message).toMatch(/OIDC_JWKS_URI: must not be the development token issuer's key set/);
  });

  it.each([
    ['an empty password', 'postgres://intake_svc:@db.internal:5432/mpp'],
    ['no password', 'postgres://intake_svc@db.internal:5432/mpp'],
    ["the role's name as password (bootstrap.sh's default)", 'postgres://intake_svc:intake_svc@db.internal:5432/mpp'],
    ['an encoded role name as password', 'postgresql://svc%40x:svc%40x@db.internal/mpp'],
  ])('refuse a DATABASE_URL with %s, without repeating it', (_case, url) => {
    const message = messageOf(() => validate({ ...production, DATABASE_URL: url }));
    expect(message).toContain("DATABASE_URL: must carry a password that is neither empty nor the role's name");
    expect(message).not.toContain(url);
  });

  it('refuse migrations at start-up as the runtime role', () => {
    const { MIGRATION_DATABASE_URL: _owner, ...withoutOwner } = production;
    const refusal = /DB_MIGRATE_ON_START: would run the migrations as DATABASE_URL's runtime role: set MIGRATION_DATABASE_URL/;
    expect(messageOf(() => validate(withoutOwner))).toMatch(refusal);
    expect(messageOf(() => validate({ ...production, MIGRATION_DATABASE_URL: production.DATABASE_URL }))).toMatch(refusal);
    // Migrations left to the migrate job (run as the owner): the service needs no owner URL.
    expect(validate({ ...withoutOwner, DB_MIGRATE_ON_START: 'false' })).toMatchObject({ DB_MIGRATE_ON_START: false });
  });

  it("refuse the owner role's development password without repeating it", () => {
    const url = 'postgres://intake_owner:intake_owner@db.internal:5432/mpp';
    const message = messageOf(() => validate({ ...production, MIGRATION_DATABASE_URL: url }));
    expect(message).toContain("MIGRATION_DATABASE_URL: must carry a password that is neither empty nor the role's name");
    expect(message).not.toContain(url);
  });

  it('refuse missing Kafka SASL credentials, naming the refusal', () => {
    const { KAFKA_SASL_USERNAME: _user, KAFKA_SASL_PASSWORD: _password, ...anonymous } = production;
    const message = messageOf(() => validate(anonymous));
    expect(message).toMatch(/^ {2}- KAFKA_SASL_USERNAME: must be set: in production the service authenticates to Kafka \(SASL\/SCRAM-SHA-512\) as its own principal.*\(refused because NODE_ENV=production\)/m);
    expect(message).toMatch(/^ {2}- KAFKA_SASL_PASSWORD: must be set: .*\(refused because NODE_ENV=production\)/m);
    expect(messageOf(() => validate({ ...production, KAFKA_SASL_PASSWORD: '' }))).toMatch(/KAFKA_SASL_PASSWORD: must be set/);
  });

  it('refuse a development Kafka password without repeating it', () => {
    const message = messageOf(() => validate({ ...production, KAFKA_SASL_PASSWORD: 'application-intake-dev-secret' }));
    expect(message).toContain('KAFKA_SASL_PASSWORD: must not be a development default password');
    expect(message).not.toContain('application-intake-dev-secret');
  });

  it("refuse MinIO's default credentials without repeating the secret", () => {
    const message = messageOf(() => validateDocuments({ ...documents, S3_ACCESS_KEY_ID: 'minioadmin', S3_SECRET_ACCESS_KEY: 'minioadmin' }));
    expect(message).toContain(`S3_ACCESS_KEY_ID: must not be MinIO's default root user (minioadmin) (refused because NODE_ENV=production) (got "minioadmin")`);
    expect(message).toContain("S3_SECRET_ACCESS_KEY: must not be a default password (MinIO's minioadmin or Compose's mpp-minio-secret) (refused because NODE_ENV=production)");
    expect(message).not.toMatch(/S3_SECRET_ACCESS_KEY[^\n]*got/);
    expect(messageOf(() => validateDocuments({ ...documents, S3_SECRET_ACCESS_KEY: 'mpp-minio-secret' }))).toMatch(/S3_SECRET_ACCESS_KEY: must not be a default password/);
  });

  it('refuse a missing REDIS_URL (rate limits shared by the replicas), and any URL that is not redis:// or rediss://', () => {
    expect(messageOf(() => validate({ ...production, REDIS_URL: undefined }))).toContain(
      'REDIS_URL: must be set: rate limits are shared by the replicas through Redis (refused because NODE_ENV=production)',
    );
    expect(messageOf(() => validate({ ...production, REDIS_URL: 'http://redis:6379' }))).toContain('REDIS_URL: must be a redis:// or rediss:// URL');
  });

  it('name every unsafe setting at once', () => {
    const message = messageOf(() =>
      validateDocuments({
        ...documents,
        OIDC_ISSUER: 'http://localhost:3099',
        OIDC_JWKS_URI: 'http://localhost:3099/jwks',
        DATABASE_URL: 'postgres://intake_svc:intake_svc@127.0.0.1:5432/mpp',
        S3_ACCESS_KEY_ID: 'minioadmin',
        S3_SECRET_ACCESS_KEY: 'minioadmin',
      }),
    );
    const refused = [...message.matchAll(/^ {2}- (\w+):.*refused because NODE_ENV=production/gm)].map((m) => m[1]);
    expect(refused.sort()).toEqual(['DATABASE_URL', 'OIDC_ISSUER', 'OIDC_ISSUER', 'OIDC_JWKS_URI', 'OIDC_JWKS_URI', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']);
  });

  it.each(['development', 'test'])('leave development and test settings alone (NODE_ENV=%s)', (NODE_ENV) => {
    const devSettings = {
      NODE_ENV,
      PORT: '3001',
      DATABASE_URL: 'postgres://intake_svc:intake_svc@127.0.0.1:5432/mpp',
      OIDC_ISSUER: 'http://localhost:3099',
      OIDC_JWKS_URI: 'http://localhost:3099/jwks',
      DOCUMENT_STORE: 's3',
      S3_BUCKET: 'mpp-documents',
      S3_ACCESS_KEY_ID: 'minioadmin',
      S3_SECRET_ACCESS_KEY: 'minioadmin',
    };
    expect(validateDocuments(devSettings)).toMatchObject({ NODE_ENV, S3_ACCESS_KEY_ID: 'minioadmin' });
    // No Kafka login (a broker without ACLs) or the development one of kafka.sh.
    expect(validate({ ...devSettings, KAFKA_SASL_USERNAME: 'application-intake', KAFKA_SASL_PASSWORD: 'application-intake-dev-secret' })).toMatchObject({
      KAFKA_SASL_USERNAME: 'application-intake',
    });
    expect(validate({ ...devSettings, DATABASE_URL: 'postgres://intake_svc@127.0.0.1:5432/mpp' })).toMatchObject({ NODE_ENV });
  });

  it('are not applied to an S3 store that is not in use', () => {
    expect(validateDocuments({ ...production, S3_ACCESS_KEY_ID: 'minioadmin', S3_SECRET_ACCESS_KEY: 'minioadmin' })).toMatchObject({ DOCUMENT_STORE: 'filesystem' });
  });
});
