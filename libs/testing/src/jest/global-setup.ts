import { recreateDatabase } from '../database';
import { TEST_DATABASES } from '../env';
import { kafkaIsUp, startTestKafka } from '../kafka';

/**
 * Before integration and end-to-end tests: fresh test databases (roles and schemas from
 * deploy/postgres/bootstrap.sql) and a running test broker. scripts/test.sh starts the broker once for
 * the whole run; when a suite is run alone, the broker is started here and stopped afterwards.
 */
export default async function globalSetup(): Promise<void> {
  await recreateDatabase(TEST_DATABASES.integration);
  await recreateDatabase(TEST_DATABASES.e2e);
  if (!kafkaIsUp()) {
    startTestKafka();
    process.env.MPP_TEST_KAFKA_STARTED_BY_JEST = '1';
  }
}
