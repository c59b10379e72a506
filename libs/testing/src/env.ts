import path from 'node:path';

/** Repository root (libs/testing/src → ../../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The test broker: a separate port from the development one (9092), so both can run at once. */
export const TEST_KAFKA_BROKERS = process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:19092';

export const PG = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  superuser: process.env.PGUSER ?? 'postgres',
};

/**
 * Databases recreated for every test run. `MPP_TEST_DB_PREFIX` (default `mpp`) lets two checkouts run their
 * tests on one PostgreSQL server at once.
 */
const prefix = process.env.MPP_TEST_DB_PREFIX ?? 'mpp';
export const TEST_DATABASES = { integration: `${prefix}_test`, e2e: `${prefix}_e2e` } as const;

export type ServiceRole = 'intake_svc' | 'verification_svc' | 'issuance_svc' | 'notification_svc';

/** Connection URL of a service's runtime login role (DATABASE_URL), with the development password of bootstrap.sh. */
export function serviceDatabaseUrl(role: ServiceRole, database: string): string {
  return `postgres://${role}:${role}@${PG.host}:${PG.port}/${database}`;
}

/**
 * A service process's database settings: its runtime role (DATABASE_URL) and, for the migrations at
 * start-up, the owner role of its schema (MIGRATION_DATABASE_URL).
 */
export function serviceDatabaseEnv(role: ServiceRole, database: string): { DATABASE_URL: string; MIGRATION_DATABASE_URL: string } {
  return { DATABASE_URL: serviceDatabaseUrl(role, database), MIGRATION_DATABASE_URL: migrationDatabaseUrl(role, database) };
}

/** The owner role of the schema a runtime role works in (bootstrap.sql): `intake_svc` → `intake_owner`. */
export function ownerRoleOf(role: ServiceRole): string {
  return role.replace(/_svc$/, '_owner');
}

/**
 * Connection URL of the owner role of a service's schema (MIGRATION_DATABASE_URL: migrations only), with
 * the development password of bootstrap.sh.
 */
export function migrationDatabaseUrl(role: ServiceRole, database: string): string {
  const owner = ownerRoleOf(role);
  return `postgres://${owner}:${owner}@${PG.host}:${PG.port}/${database}`;
}

export function superuserDatabaseUrl(database: string): string {
  return `postgres://${PG.superuser}@${PG.host}:${PG.port}/${database}`;
}

/**
 * Redis of the tests (rate limits): `REDIS_URL`, default the development one on 127.0.0.1:6379. Shared with
 * other checkouts and CI, so every key the tests make starts with `TEST_REDIS_PREFIX` (`MPP_TEST_REDIS_PREFIX`,
 * default derived from `MPP_TEST_DB_PREFIX`); tests never flush a database.
 */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_REDIS_PREFIX = process.env.MPP_TEST_REDIS_PREFIX ?? `${prefix}-test:rate`;
