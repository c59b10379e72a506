import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, validateSync, ValidationError } from 'class-validator';

export const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
export const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

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
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) => `${e.property}: ${msg} (got ${JSON.stringify(e.value)})`),
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
      throw new Error(`Invalid configuration:\n  - ${describe(errors).join('\n  - ')}`);
    }
    return env;
  };
}
