import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { runMigrations, serviceDataSourceOptions, ServiceDatabaseOptions } from '@mpp/persistence';
import { migrationDatabaseUrl, ServiceRole, TEST_DATABASES } from './env';

const SCHEMAS = ['intake', 'verification', 'issuance', 'notification'];

/**
 * Checks a service's migrations on the real database, connected as the owner role of the service's schema
 * (what runs migrations; `role` is the service's runtime role): they apply, land in the service's schema
 * with its own migrations table, revert completely and apply again; and even the owner cannot touch another
 * service's schema or create tables in public.
 */
export async function checkServiceMigrations(database: Omit<ServiceDatabaseOptions, 'url'>, role: ServiceRole): Promise<void> {
  const ds = new DataSource(
    serviceDataSourceOptions({ ...database, url: migrationDatabaseUrl(role, TEST_DATABASES.integration), poolSize: 2 }),
  );
  await ds.initialize();
  try {
    const applied = await runMigrations(ds, database.schema);
    expect(applied).toEqual(database.migrations.map((m) => (m as unknown as { name: string }).name));
    expect(await runMigrations(ds, database.schema)).toEqual([]);

    const tables: { table_schema: string; table_name: string }[] = await ds.query(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY($1)`,
      [[...SCHEMAS, 'public']],
    );
    const own = tables.filter((t) => t.table_schema === database.schema).map((t) => t.table_name);
    expect(own).toEqual(expect.arrayContaining([`${database.schema}_migrations`, 'outbox', 'inbox']));
    expect(tables.filter((t) => t.table_schema === 'public')).toEqual([]);

    for (const other of SCHEMAS.filter((s) => s !== database.schema)) {
      await expect(ds.query(`CREATE TABLE "${other}"."intruder" (id int)`)).rejects.toThrow(/permission denied/);
      await expect(ds.query(`SELECT 1 FROM "${other}"."outbox" LIMIT 1`)).rejects.toThrow(/permission denied|does not exist/);
    }
    await expect(ds.query(`CREATE TABLE public.intruder (id int)`)).rejects.toThrow(/permission denied/);

    for (let i = 0; i < database.migrations.length; i++) await ds.undoLastMigration({ transaction: 'all' });
    const left: unknown[] = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> $2`,
      [database.schema, `${database.schema}_migrations`],
    );
    expect(left).toEqual([]);
    expect(await runMigrations(ds, database.schema)).toHaveLength(database.migrations.length);
  } finally {
    await ds.destroy();
  }
}

/**
 * Migrations are frozen: each is self-contained SQL and imports nothing but TypeORM's types, so that no
 * change to a library (or to the service's own code) can rewrite a migration that has already been applied.
 */
export function checkMigrationsAreSelfContained(directory: string): void {
  const files = readdirSync(directory).filter((f) => f.endsWith('.ts') && !f.endsWith('spec.ts'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const source = readFileSync(path.join(directory, file), 'utf8');
    const imports = [...source.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect({ file, imports: imports.filter((i) => i !== 'typeorm') }).toEqual({ file, imports: [] });
  }
}
