import { randomUUID } from 'node:crypto';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { DatabaseModule } from './database.module';

// This library may not import @mpp/testing (Nx tags): the same server and integration database, read alike.
const server = `${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? 5432}`;
const database = `${process.env.MPP_TEST_DB_PREFIX ?? 'mpp'}_test`;
const url = (role: string, password = 'x') => `postgres://${role}:${password}@${server}/${database}`;

const id = randomUUID().slice(0, 8);
const SCHEMA = `persist_it_${id}`;
const OWNER = `persist_it_owner_${id}`;
const RUNTIME = `persist_it_svc_${id}`;

class CreateThings1700000000000 implements MigrationInterface {
  name = 'CreateThings1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${SCHEMA}"."things" ("id" int PRIMARY KEY)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${SCHEMA}"."things"`);
  }
}

/** Start-up migrations on a connection of the schema owner's, and the refusal of a runtime role that owns its schema. */
describe('DatabaseModule on PostgreSQL', () => {
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: `postgres://${process.env.PGUSER ?? 'postgres'}@${server}/${database}` });
    await admin.connect();
    for (const role of [OWNER, RUNTIME]) await admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD 'x'`);
    await admin.query(`CREATE SCHEMA "${SCHEMA}" AUTHORIZATION "${OWNER}"`);
    await admin.query(`GRANT USAGE ON SCHEMA "${SCHEMA}" TO "${RUNTIME}"`);
    await admin.query(`ALTER DEFAULT PRIVILEGES FOR ROLE "${OWNER}" IN SCHEMA "${SCHEMA}" GRANT SELECT, INSERT ON TABLES TO "${RUNTIME}"`);
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    for (const role of [OWNER, RUNTIME]) {
      await admin.query(`DROP OWNED BY "${role}"`);
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    }
    await admin.end();
  });

  async function start(env: Record<string, unknown>) {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [() => env] }),
        DatabaseModule.forService({ schema: SCHEMA, entities: [], migrations: [CreateThings1700000000000], applicationName: 'persistence-it' }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      await app.init();
    } catch (err) {
      await app.close().catch(() => undefined);
      throw err;
    }
    return app;
  }

  it('runs the migrations as MIGRATION_DATABASE_URL, and the service as DATABASE_URL', async () => {
    const app = await start({ NODE_ENV: 'production', DATABASE_URL: url(RUNTIME), MIGRATION_DATABASE_URL: url(OWNER) });
    await app.close();
    const { rows } = await admin.query(
      `SELECT pg_get_userbyid(relowner) AS "owner", has_table_privilege($2, oid, 'INSERT') AS "runtimeInserts", has_table_privilege($2, oid, 'DELETE') AS "runtimeDeletes"
         FROM pg_class WHERE relnamespace = $1::text::regnamespace AND relname = 'things'`,
      [SCHEMA, RUNTIME],
    );
    expect(rows).toEqual([{ owner: OWNER, runtimeInserts: true, runtimeDeletes: false }]);
  });

  it('refuses in production to run as a role that owns its schema, and warns otherwise', async () => {
    await expect(start({ NODE_ENV: 'production', DATABASE_URL: url(OWNER), DB_MIGRATE_ON_START: false })).rejects.toThrow(
      new RegExp(`DATABASE_URL: the service's role ${OWNER} owns schema ${SCHEMA}; it must run as a runtime role`),
    );
    const app = await start({ NODE_ENV: 'development', DATABASE_URL: url(OWNER) });
    await app.close();
  });
});
