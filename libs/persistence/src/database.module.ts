import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions, ServiceDatabaseOptions } from './data-source-options';
import { runMigrations } from './migrations';

const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

/**
 * Migrations at start-up (`DB_MIGRATE_ON_START`), on a connection of their own as the schema's owner role
 * (`MIGRATION_DATABASE_URL`), closed again before the service serves: the runtime role of `DATABASE_URL`
 * may change rows but not structure. Without `MIGRATION_DATABASE_URL` they run as `DATABASE_URL`'s role,
 * which only works where that role owns the schema (production configuration refuses that).
 */
@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    @Inject(DATABASE_OPTIONS) private readonly options: Omit<ServiceDatabaseOptions, 'url'>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.checkRuntimeRole();
    if (!this.config.get<boolean>('DB_MIGRATE_ON_START', true)) return;
    const ownerUrl = this.config.get<string>('MIGRATION_DATABASE_URL') || undefined;
    const applied = ownerUrl
      ? await migrateAs(this.options, ownerUrl)
      : await runMigrations(this.dataSource, this.options.schema);
    this.logger.log(applied.length ? `applied ${applied.join(', ')}` : `schema ${this.options.schema} is up to date`);
  }

  /**
   * The runtime role must not own the schema (an owner may re-grant itself what the audit trail denies, or
   * drop its triggers): refused in production, a warning otherwise. A database made before the owner roles
   * is taken over by running deploy/postgres/bootstrap.sql again.
   */
  private async checkRuntimeRole(): Promise<void> {
    const rows: { owner: string; runtime: string }[] = await this.dataSource.query(
      'SELECT pg_get_userbyid(nspowner) AS "owner", current_user AS "runtime" FROM pg_namespace WHERE nspname = $1',
      [this.options.schema],
    );
    if (!rows.length || rows[0].owner !== rows[0].runtime) return;
    const problem =
      `DATABASE_URL: the service's role ${rows[0].runtime} owns schema ${this.options.schema}; it must run as a runtime role ` +
      'that owns nothing (run deploy/postgres/bootstrap.sh on the database, see docs/operations.md "Database roles")';
    if (this.config.get<string>('NODE_ENV') === 'production') throw new Error(`Invalid configuration:\n  - ${problem} (refused because NODE_ENV=production)`);
    this.logger.warn(problem);
  }
}


/** Runs the pending migrations on short-lived connections of their own (the schema owner's URL): one holds the advisory lock, one migrates. */
export async function migrateAs(options: Omit<ServiceDatabaseOptions, 'url'>, url: string): Promise<string[]> {
  const dataSource = new DataSource(
    serviceDataSourceOptions({ ...options, url, poolSize: 2, applicationName: `${options.applicationName}-migrations` }),
  );
  await dataSource.initialize();
  try {
    return await runMigrations(dataSource, options.schema);
  } finally {
    await dataSource.destroy();
  }
}

/** The service's TypeORM connection (its runtime role and schema), migrated at start-up unless disabled. */
@Module({})
export class DatabaseModule {
  static forService(options: Omit<ServiceDatabaseOptions, 'url'>): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            serviceDataSourceOptions({ ...options, url: config.getOrThrow<string>('DATABASE_URL'), poolSize: config.get<number>('DB_POOL_SIZE') }),
        }),
      ],
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, MigrateOnStart],
    };
  }

  /** Repositories for the service's entities, e.g. in a feature module. */
  static forFeature(entities: Function[]) { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
    return TypeOrmModule.forFeature(entities);
  }
}

/**
 * Standalone migration run (CLI, Kubernetes job): the service's `migrate.js` entry, e.g.
 * `node -r ./scripts/register-paths.js dist/services/<svc>/src/migrate.js` in its image. Connects as the
 * schema's owner role: `MIGRATION_DATABASE_URL` (or `DATABASE_URL` where only that is given, e.g. a job
 * whose only URL is the owner's).
 */
export function migrateFromCli(options: Omit<ServiceDatabaseOptions, 'url'>): void {
  (async () => {
    const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
    if (!url) throw new Error('Invalid configuration:\n  - MIGRATION_DATABASE_URL: must be set (the schema owner role)');
    const applied = await migrateAs(options, url);
    console.log(applied.length ? `applied ${applied.join(', ')}` : `schema ${options.schema} is up to date`);
  })().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
