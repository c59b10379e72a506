import type { DataSourceOptions } from 'typeorm';

/** The PostgreSQL member of TypeORM's options union (TypeORM 1.0 renamed its deep-imported interface). */
type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

export interface ServiceDatabaseOptions {
  /** postgres://user[:password]@host:port/database — the service's own login role. */
  url: string;
  /** The schema this service owns; every entity without an explicit schema lives here. */
  schema: string;
  /** Entity classes, listed explicitly (no globs: they break under bundlers and path aliases). */
  entities: Function[]; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  /** Migration classes, listed explicitly, in order. */
  migrations: Function[]; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  /** Shown in pg_stat_activity. */
  applicationName: string;
  poolSize?: number;
}

/**
 * TypeORM options shared by every service: one schema, its own migrations table inside that schema,
 * never `synchronize`, migrations run explicitly (see `runMigrations`).
 */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  const pg: PostgresOptions = {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    applicationName: options.applicationName,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: `${options.schema}_migrations`,
    migrationsTransactionMode: 'all',
    migrationsRun: false,
    synchronize: false,
    poolSize: options.poolSize ?? 10,
    extra: {
      // Fail fast instead of hanging when the database is unreachable.
      connectionTimeoutMillis: 5000,
    },
  };
  return pg;
}
