import { DynamicModule, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions, ServiceDatabaseOptions } from './data-source-options';
import { runMigrations } from './migrations';

@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.get<boolean>('DB_MIGRATE_ON_START', true)) return;
    const schema = (this.dataSource.options as { schema: string }).schema;
    const applied = await runMigrations(this.dataSource, schema);
    this.logger.log(applied.length ? `applied ${applied.join(', ')}` : `schema ${schema} is up to date`);
  }
}

/** The service's TypeORM connection (its own role and schema), migrated at start-up unless disabled. */
@Module({})
export class DatabaseModule {
  static forService(options: Omit<ServiceDatabaseOptions, 'url'>): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            serviceDataSourceOptions({ ...options, url: config.getOrThrow<string>('DATABASE_URL') }),
        }),
      ],
      providers: [MigrateOnStart],
    };
  }

  /** Repositories for the service's entities, e.g. in a feature module. */
  static forFeature(entities: Function[]) { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
    return TypeOrmModule.forFeature(entities);
  }
}

/**
 * Standalone migration run (CLI, Kubernetes job): the service's `migrate.js` entry, e.g.
 * `node -r ./scripts/register-paths.js dist/services/<svc>/src/migrate.js` in its image.
 */
export function migrateFromCli(options: Omit<ServiceDatabaseOptions, 'url'>): void {
  (async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('Invalid configuration:\n  - DATABASE_URL: must be set');
    const dataSource = new DataSource(serviceDataSourceOptions({ ...options, url, poolSize: 2 }));
    await dataSource.initialize();
    try {
      const applied = await runMigrations(dataSource, options.schema);
      console.log(applied.length ? `applied ${applied.join(', ')}` : `schema ${options.schema} is up to date`);
    } finally {
      await dataSource.destroy();
    }
  })().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
