import { randomUUID } from 'node:crypto';
import { Admin } from 'kafkajs';
import { register } from 'prom-client';
import { testKafka } from '@mpp/testing';
import { ConsumerLag } from './consumer-lag';
import { ensureTopics } from './kafka';

const RUN = randomUUID().slice(0, 8);
const CONSUMED = `it.${RUN}.lag-consumed.v1`;
const PUBLISHED_ONLY = `it.${RUN}.lag-published.v1`;
const GROUP = `it-lag-${RUN}`;

/** The consumer lag against a real broker: committed offsets of a group against the topics' end offsets. */
describe('consumer lag (mpp_consumer_lag_messages)', () => {
  const kafka = testKafka();
  let admin: Admin;
  let lag: ConsumerLag;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [CONSUMED, PUBLISHED_ONLY], 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: CONSUMED, messages: Array.from({ length: 5 }, (_, i) => ({ key: 'k', value: String(i) })) });
    await producer.send({ topic: PUBLISHED_ONLY, messages: [{ key: 'k', value: 'x' }] });
    await producer.disconnect();
    // The group has consumed two of the five records.
    await admin.setOffsets({ groupId: GROUP, topic: CONSUMED, partitions: [{ partition: 0, offset: '2' }] });
    lag = new ConsumerLag(kafka, { serviceName: 'lag-test', schema: 'unused', consumerGroup: GROUP, deadLetterTopic: 'unused', topics: [CONSUMED, PUBLISHED_ONLY] });
    lag.onModuleInit();
  }, 60_000);

  afterAll(async () => {
    await lag?.onApplicationShutdown();
    await admin?.deleteTopics({ topics: [CONSUMED, PUBLISHED_ONLY] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('is the records not yet consumed per topic; topics the group never committed on have no value', async () => {
    expect(await lag.lag()).toEqual(new Map([[CONSUMED, 3]]));
    const text = await register.getSingleMetricAsString('mpp_consumer_lag_messages');
    expect(text).toContain(`mpp_consumer_lag_messages{group="${GROUP}",topic="${CONSUMED}"} 3`);
    expect(text).not.toContain(PUBLISHED_ONLY);
  });
});
