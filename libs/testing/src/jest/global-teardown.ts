import { dropDatabasesStartingWith } from '../database';
import { TEST_DATABASES } from '../env';
import { stopTestKafka } from '../kafka';

export default async function globalTeardown(): Promise<void> {
  if (process.env.MPP_TEST_KAFKA_STARTED_BY_JEST === '1') stopTestKafka();
  // Each integration test file had a database of its own (`<prefix>_test_<schema>_<file>`); the run's shared
  // ones (`<prefix>_test`, `<prefix>_e2e`) stay for a look after a failure. MPP_KEEP_TEST_DATABASES=1 keeps all.
  if (process.env.MPP_KEEP_TEST_DATABASES !== '1') await dropDatabasesStartingWith(`${TEST_DATABASES.integration}_`);
}
