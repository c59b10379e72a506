import { DataSource } from 'typeorm';
import { runMigrations, serviceDataSourceOptions, ServiceDatabaseOptions } from '@mpp/persistence';
import { serviceDatabaseUrl, ServiceRole, TEST_DATABASES } from './env';

const SCHEMAS = ['intake', 'verification', 'issuance'];

/**
 * Checks a service's migrations on the real database, connected as the service's own role: they apply,
 * land in the service's schema with its own migrations table, revert completely and apply again; and the
 * role cannot touch another service's schema or create tables in public.
 */
export async function checkServiceMigrations(database: Omit<ServiceDatabaseOptions, 'url'>, role: ServiceRole): Promise<void> {
  const ds = new DataSource(
    serviceDataSourceOptions({ ...database, url: serviceDatabaseUrl(role, TEST_DATABASES.integration), poolSize: 2 }),
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
