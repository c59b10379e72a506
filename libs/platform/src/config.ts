import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf, validateSync, ValidationError } from 'class-validator';
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

/** Environment every service reads. Services extend it with their own variables. */
export class BaseServiceEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number;

  /** postgres://role@host:port/database for the service's own login role. */
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL: string;

  /** Comma-separated host:port list. */
  @Matches(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, { message: 'must be a comma-separated list of host:port' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Run pending migrations at start-up (one replica at a time, under an advisory lock). */
  @Transform(toBool)
  @IsBoolean()
  DB_MIGRATE_ON_START = true;

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
  OIDC_ISSUER: string;

  /** Audience (aud) officer tokens must carry. */
  @IsString()
  @IsNotEmpty()
  OIDC_AUDIENCE = 'mpp-platform';

  /** JWKS address; discovered from the issuer's /.well-known/openid-configuration when unset. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  OIDC_JWKS_URI?: string;

  /** Requests per minute one client (address) may make to a public endpoint. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 60;

  /** Reverse proxies in front of the service whose X-Forwarded-For is trusted (0: none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

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
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf((env: DocumentServiceEnv) => env.DOCUMENT_STORE === 's3')
  @IsString()
  @IsNotEmpty()
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
  return flattenValidationErrors(errors).map((v) => `${v.message} (got ${JSON.stringify(raw[v.field]) ?? 'nothing'})`);
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
