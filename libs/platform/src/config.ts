import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEmpty, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, registerDecorator, ValidateIf, validateSync, ValidationError } from 'class-validator';
import { flattenValidationErrors } from '@mpp/contracts';

export const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
/** 'true'/'false' (and 1/0, yes/no, on/off) to a boolean; anything else stays as it is and fails @IsBoolean. */
export const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '' || typeof value === 'boolean') return value === '' ? undefined : value;
  const text = String(value).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return value;
};

/**
 * A start-up refusal that applies only with NODE_ENV=production: `isUnsafe(value, env)` says whether the
 * setting is unsafe for production; the message then names the setting and why (validateEnv prefixes
 * the variable's name). With `secret`, the refused value is not repeated in the message (it may be a
 * password). Put it on the property it judges, next to the setting's other rules.
 *
 * Like every class-validator rule it is skipped when the property is optional (`@IsOptional`,
 * `@ValidateIf`) and not applicable; a rule for a missing setting needs a `@ValidateIf` that lets it run.
 */
export function RefuseInProduction<E extends object = BaseServiceEnv>(
  rule: string,
  isUnsafe: (value: unknown, env: E) => boolean,
  message: string,
  options: { secret?: boolean } = {},
): PropertyDecorator {
  // The rule name keys the constraint (one per rule and property) and, for secrets, the redaction.
  const name = `production.${rule}`;
  if (options.secret) SECRET_RULES.add(name);
  return (target, propertyName) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${message} (refused because NODE_ENV=production)` },
      validator: {
        validate: (value: unknown, args) => {
          const env = args?.object as (E & { NODE_ENV?: unknown }) | undefined;
          if (!env) return true;
          return env.NODE_ENV !== 'production' || !isUnsafe(value, env);
        },
      },
    });
  };
}

/** Rule names whose refused values are secrets and are not shown in the message (name secret rules apart). */
const SECRET_RULES = new Set<string>();

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Whether a URL is plain `http:` (anything not https; loopback included: production means TLS throughout). */
export function isNotHttps(value: unknown): boolean {
  const url = parseUrl(value);
  return url !== undefined && url.protocol !== 'https:';
}

/** Port the development token issuer (tools/dev-issuer) listens on by default. */
export const DEV_ISSUER_DEFAULT_PORT = '3099';

/**
 * Whether a URL points at the development token issuer (tools/dev-issuer): a loopback host (where it may
 * only run), or its default port 3099. The dev issuer refuses to start outside development/test and off
 * loopback, so a production deployment can reach it only on its own machine; a real provider is never
 * addressed as localhost from a production service. Its discovery document also carries
 * `mpp_development_issuer: true`, which a production service refuses when it discovers its key set there.
 */
export function looksLikeDevIssuer(value: unknown): boolean {
  const url = parseUrl(value);
  if (!url) return false;
  const host = url.hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.') || host.endsWith('.localhost') || url.port === DEV_ISSUER_DEFAULT_PORT;
}

/**
 * Whether a postgres:// URL carries no password or the role's own name as password (the development
 * default of deploy/postgres/bootstrap.sh and Compose: intake_svc/intake_svc and so on).
 */
export function hasDefaultDatabasePassword(value: unknown): boolean {
  const url = parseUrl(value);
  if (!url) return false;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return password === '' || password === user;
}

/** Whether migrations connect as a role other than DATABASE_URL's (the schema owner, not the runtime role). */
export function migratesAsOwner(env: { DATABASE_URL?: unknown; MIGRATION_DATABASE_URL?: unknown }): boolean {
  const owner = parseUrl(env.MIGRATION_DATABASE_URL);
  const runtime = parseUrl(env.DATABASE_URL);
  return owner !== undefined && owner.username !== '' && owner.username !== runtime?.username;
}

/**
 * Whether a Kafka SCRAM password is a development default of this repository: deploy/local/kafka/kafka.sh,
 * Compose and .env.example use `<principal>-dev-secret`.
 */
export function isDevelopmentKafkaPassword(value: unknown): boolean {
  return typeof value === 'string' && /-dev-secret$/.test(value);
}

/** A rule that checks a setting only when it is set (undefined passes; others rules decide about that). */
function WhenSet(rule: string, test: (value: unknown) => boolean, message: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: rule,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: { validate: (value: unknown) => value === undefined || test(value) },
    });
}

/** Two settings that only make sense together: this one is refused when missing while `other` is set. */
function SetTogetherWith(other: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'setTogether',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `must be set together with ${other}` },
      validator: {
        validate: (value: unknown, args) => value !== undefined || (args?.object as Record<string, unknown> | undefined)?.[other] === undefined,
      },
    });
}

const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Credentials MinIO ships with (minioadmin/minioadmin) and this repository's Compose fallbacks. */
export const DEFAULT_S3_ACCESS_KEYS = ['minioadmin'];
export const DEFAULT_S3_SECRET_KEYS = ['minioadmin', 'mpp-minio-secret'];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One TRUSTED_PROXIES entry: an IPv4/IPv6 address, a CIDR range of one, or a name Express knows. */
export function isTrustedProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/** TRUSTED_PROXIES as Express's `trust proxy` list (`[]`: trust no proxy). */
export function trustedProxies(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function IsTrustedProxyList(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTrustedProxyList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal or uniquelocal' },
      validator: { validate: (value: unknown) => typeof value === 'string' && trustedProxies(value).length > 0 && trustedProxies(value).every(isTrustedProxyEntry) },
    });
}

/** The Kafka login is validated when either half is set, and always in production (where it is required). */
const kafkaLoginApplies = (env: BaseServiceEnv) => env.KAFKA_SASL_USERNAME !== undefined || env.KAFKA_SASL_PASSWORD !== undefined || env.NODE_ENV === 'production';
const KAFKA_LOGIN_REQUIRED =
  'must be set: in production the service authenticates to Kafka (SASL/SCRAM-SHA-512) as its own principal, whose ACLs limit what it may read and write';

/** Environment every service reads. Services extend it with their own variables. */
export class BaseServiceEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number;

  /** postgres://role@host:port/database for the service's runtime login role (rows only, no DDL). */
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  @RefuseInProduction(
    'password',
    hasDefaultDatabasePassword,
    "must carry a password that is neither empty nor the role's name (the development default of deploy/postgres/bootstrap.sh)",
    { secret: true },
  )
  DATABASE_URL: string;

  /** Comma-separated host:port list. */
  @Matches(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, { message: 'must be a comma-separated list of host:port' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /**
   * SCRAM-SHA-512 login of the service's own Kafka principal (locally its name, e.g. application-intake;
   * the broker's ACLs let it write only its own topics and read only what it consumes). Both or neither;
   * required in production, where the broker takes no anonymous clients.
   */
  @Transform(emptyToUndefined)
  @ValidateIf(kafkaLoginApplies)
  @RefuseInProduction(
    'kafkaSaslRequired',
    (value) => value === undefined,
    KAFKA_LOGIN_REQUIRED,
  )
  @WhenSet('kafkaSaslUsername', (value) => typeof value === 'string' && /^[A-Za-z0-9._-]+$/.test(value), 'must be a SCRAM user name (letters, digits, . _ -)')
  @SetTogetherWith('KAFKA_SASL_PASSWORD')
  KAFKA_SASL_USERNAME?: string;

  /** Password of KAFKA_SASL_USERNAME (never logged; refused in production when missing or a development default). */
  @Transform(emptyToUndefined)
  @ValidateIf(kafkaLoginApplies)
  @RefuseInProduction(
    'kafkaSaslRequired',
    (value) => value === undefined,
    KAFKA_LOGIN_REQUIRED,
    { secret: true },
  )
  @RefuseInProduction(
    'kafkaSaslDefaultPassword',
    isDevelopmentKafkaPassword,
    'must not be a development default password (<principal>-dev-secret of deploy/local/kafka/kafka.sh and Compose)',
    { secret: true },
  )
  @SetTogetherWith('KAFKA_SASL_USERNAME')
  KAFKA_SASL_PASSWORD?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * postgres://role:password@host:port/database of the schema's owner role, used only to run migrations
   * (at start-up and by the migrate entry); the service itself runs as DATABASE_URL's runtime role.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  @RefuseInProduction(
    'password',
    hasDefaultDatabasePassword,
    "must carry a password that is neither empty nor the role's name (the development default of deploy/postgres/bootstrap.sh)",
    { secret: true },
  )
  MIGRATION_DATABASE_URL?: string;

  /** Run pending migrations at start-up (one replica at a time, under an advisory lock), as MIGRATION_DATABASE_URL's role. */
  @Transform(toBool)
  @IsBoolean()
  @RefuseInProduction(
    'runtimeRoleMigrates',
    (value, env) => value === true && !migratesAsOwner(env),
    "would run the migrations as DATABASE_URL's runtime role: set MIGRATION_DATABASE_URL to the schema owner's role, or set DB_MIGRATE_ON_START=false and run the migrate job as the owner",
  )
  DB_MIGRATE_ON_START = true;

  /**
   * Connections of the service's pool to PostgreSQL (each replica's own). A request that finds none free
   * within 5 s is answered 503; replicas × pool size must stay below the server's `max_connections`.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(100)
  DB_POOL_SIZE = 10;

  /** Fallback poll of the outbox when no wake-up notification arrives. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  /** Attempts for one consumed event before it goes to the dead-letter topic. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  CONSUMER_MAX_ATTEMPTS = 3;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  KAFKA_CLIENT_ID?: string;

  /** Issuer (iss) of officer tokens: Keycloak realm URL, another OIDC provider, or the dev issuer. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @RefuseInProduction('https', isNotHttps, 'must be an https:// URL: officer tokens and keys must travel over TLS (loopback included)')
  @RefuseInProduction(
    'devIssuer',
    looksLikeDevIssuer,
    'must not be the development token issuer (a loopback address or port 3099): it hands out tokens without a password',
  )
  OIDC_ISSUER: string;

  /** Audience (aud) officer tokens must carry. */
  @IsString()
  @IsNotEmpty()
  OIDC_AUDIENCE = 'mpp-platform';

  /** JWKS address; discovered from the issuer's /.well-known/openid-configuration when unset or empty. */
  @ValidateIf((_env, value) => value !== undefined && value !== null && value !== '')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @RefuseInProduction('https', isNotHttps, 'must be an https:// URL: the signing keys must travel over TLS (loopback included)')
  @RefuseInProduction(
    'devIssuer',
    looksLikeDevIssuer,
    "must not be the development token issuer's key set (a loopback address or port 3099): it hands out tokens without a password",
  )
  OIDC_JWKS_URI?: string;

  /** Requests per minute an anonymous caller may make, per client address (shared by the replicas through Redis). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 60;

  /** Requests per minute one officer (a verified token's subject) may make, from any address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_OFFICER_PER_MINUTE = 600;

  /**
   * Redis that keeps the rate-limit counters shared by the replicas (redis:// or rediss://, optionally with
   * credentials and a database number). Defaults to redis://127.0.0.1:6379 in development and test;
   * required in production.
   */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @ValidateIf((env: BaseServiceEnv) => env.REDIS_URL !== undefined || env.NODE_ENV === 'production')
  @RefuseInProduction('required', (value) => value === undefined, 'must be set: rate limits are shared by the replicas through Redis')
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of the rate-limit keys in Redis (lets several deployments or test runs share one Redis). */
  @Matches(/^[A-Za-z0-9:_.-]{1,60}$/, { message: 'must be 1 to 60 letters, digits or : _ . -' })
  RATE_LIMIT_KEY_PREFIX = 'mpp:rate';

  /**
   * Reverse proxies whose `X-Forwarded-For` is trusted, comma-separated: addresses, CIDR ranges, or
   * `loopback`, `linklocal`, `uniquelocal`. The client address (rate limits, audit trail) is the socket's
   * peer unless that peer is listed; then the nearest untrusted address of `X-Forwarded-For`. Empty: none.
   */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsTrustedProxyList()
  TRUSTED_PROXIES?: string;

  /** Replaced by TRUSTED_PROXIES (a hop count trusted the header from any peer): refused when set, so that a proxy set-up is not lost quietly. */
  @IsEmpty({ message: 'is no longer read: list the proxies whose X-Forwarded-For is trusted in TRUSTED_PROXIES (addresses or CIDR ranges)' })
  TRUST_PROXY_HOPS?: unknown;

  /** Browser origins allowed to call the API (comma-separated); none when unset. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, { message: 'must be a comma-separated list of http(s) origins' })
  CORS_ORIGINS?: string;
}

/**
 * Environment of a service that keeps applicants' documents (intake writes, verification reads): where the
 * document store is. Services that do not touch documents extend `BaseServiceEnv` and know nothing of it.
 */
export class DocumentServiceEnv extends BaseServiceEnv {
  /** Where uploaded documents are kept: `filesystem` (DOCUMENT_STORE_DIR) or `s3` (an S3-compatible bucket). */
  @IsIn(['filesystem', 's3'])
  DOCUMENT_STORE: 'filesystem' | 's3' = 'filesystem';

  /** S3-compatible storage (DOCUMENT_STORE=s3), e.g. MinIO: bucket, endpoint, region and credentials. */
  @ValidateIf((env: DocumentServiceEnv) => env.DOCUMENT_STORE === 's3')
  @IsString()
  @IsNotEmpty()
  S3_BUCKET?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @ValidateIf((env: DocumentServiceEnv) => env.DOCUMENT_STORE === 's3')
  @IsString()
  @IsNotEmpty()
  @RefuseInProduction('defaultUser', (value) => DEFAULT_S3_ACCESS_KEYS.includes(String(value)), "must not be MinIO's default root user (minioadmin)")
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf((env: DocumentServiceEnv) => env.DOCUMENT_STORE === 's3')
  @IsString()
  @IsNotEmpty()
  @RefuseInProduction(
    'defaultPassword',
    (value) => DEFAULT_S3_SECRET_KEYS.includes(String(value)),
    "must not be a default password (MinIO's minioadmin or Compose's mpp-minio-secret)",
    { secret: true },
  )
  S3_SECRET_ACCESS_KEY?: string;

  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = true;

  /** Directory of the filesystem document store (shared by intake, which writes, and verification, which reads). */
  @IsString()
  @IsNotEmpty()
  DOCUMENT_STORE_DIR = 'tmp/documents';
}

/** `NAME must be … (got "value")` per violated rule. */
function describe(errors: ValidationError[], raw: Record<string, unknown>): string[] {
  return flattenValidationErrors(errors).map((v) =>
    SECRET_RULES.has(v.rule) ? v.message : `${v.message} (got ${JSON.stringify(raw[v.field]) ?? 'nothing'})`,
  );
}

/**
 * Builds the `validate` function for ConfigModule: converts and validates `process.env` into the given
 * class, and refuses to start with a message that names every bad variable.
 */
export function validateEnv<T extends object>(envClass: new () => T) {
  return (raw: Record<string, unknown>): T => {
    const env = plainToInstance(envClass, raw, { exposeDefaultValues: true });
    const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
    if (errors.length > 0) {
      throw new Error(`Invalid configuration:\n  - ${describe(errors, raw).join('\n  - ')}`);
    }
    return env;
  };
}
