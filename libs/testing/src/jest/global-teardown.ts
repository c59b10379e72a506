import { stopTestKafka } from '../kafka';

export default async function globalTeardown(): Promise<void> {
  if (process.env.MPP_TEST_KAFKA_STARTED_BY_JEST === '1') stopTestKafka();
}
