import { serviceDataSourceOptions } from './data-source-options';

describe('serviceDataSourceOptions', () => {
  it('gives each service its schema, its own migrations table and never synchronize', () => {
    const options = serviceDataSourceOptions({
      url: 'postgres://intake_svc@127.0.0.1:5432/mpp',
      schema: 'intake',
      entities: [],
      migrations: [],
      applicationName: 'application-intake',
    });
    expect(options).toMatchObject({
      type: 'postgres',
      schema: 'intake',
      migrationsTableName: 'intake_migrations',
      synchronize: false,
      migrationsRun: false,
    });
  });
});
