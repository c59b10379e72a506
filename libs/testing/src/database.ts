import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { PG, REPO_ROOT, superuserDatabaseUrl } from './env';

/** Drops and recreates a database with the per-service roles and schemas (deploy/postgres/bootstrap.sh). */
export async function recreateDatabase(database: string): Promise<void> {
  const admin = new Client({ connectionString: superuserDatabaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  bootstrapDatabase(database);
}

/**
 * Drops every database whose name starts with `prefix`, as a finished run's clean-up of the per-file test
 * databases (`<MPP_TEST_DB_PREFIX>_test_…`); returns their names.
 */
export async function dropDatabasesStartingWith(prefix: string): Promise<string[]> {
  const admin = new Client({ connectionString: superuserDatabaseUrl('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname`, [prefix]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.map((r) => r.datname);
  } finally {
    await admin.end();
  }
}

/** Runs deploy/postgres/bootstrap.sh on a database (creates it when missing; idempotent, as `npm run start:all` does). */
export function bootstrapDatabase(database: string): void {
  execFileSync('bash', [path.join(REPO_ROOT, 'deploy/postgres/bootstrap.sh'), database], {
    env: { ...process.env, PGHOST: PG.host, PGPORT: String(PG.port), PGUSER: PG.superuser },
    stdio: 'pipe',
  });
}

/** A superuser connection for assertions on any schema. */
export async function superuserClient(database: string): Promise<Client> {
  const client = new Client({ connectionString: superuserDatabaseUrl(database) });
  await client.connect();
  return client;
}
