import { Gauge, Histogram, register } from 'prom-client';
import { counterMetric as counter } from '@mpp/platform';

/** Something that can count the unpublished rows of one schema's outbox (`OutboxBacklog`). */
export interface OutboxBacklogSource {
  readonly schema: string;
  /** Unpublished rows now; rejects when the count cannot be had quickly. */
  count(): Promise<number>;
}

const backlogSources = new Set<OutboxBacklogSource>();

/** Makes `mpp_outbox_pending` count this source's outbox on every scrape; returns the way to stop. */
export function watchOutboxBacklog(source: OutboxBacklogSource): () => void {
  backlogSources.add(source);
  return () => backlogSources.delete(source);
}

/**
 * Collected on scrape: the unpublished rows of every watched outbox (one per schema, normally one per
 * process). When a count fails or is too slow, the gauge keeps its last value rather than lying with 0.
 */
async function collectOutboxPending(this: Gauge<string>): Promise<void> {
  const bySchema = new Map<string, OutboxBacklogSource>();
  for (const source of backlogSources) bySchema.set(source.schema, source);
  if (bySchema.size === 0) return;
  try {
    const counts = await Promise.all([...bySchema.values()].map((s) => s.count()));
    this.set(counts.reduce((a, b) => a + b, 0));
  } catch {
    // keep the last value
  }
}

/** Something that can tell a consumer group's lag per topic (`ConsumerLag`). */
export interface ConsumerLagSource {
  readonly group: string;
  /** Messages not yet consumed (end offset minus committed offset, summed over partitions) per topic. */
  lag(): Promise<Map<string, number>>;
}

const lagSources = new Set<ConsumerLagSource>();

/** Makes `mpp_consumer_lag_messages` report this group's lag on every scrape; returns the way to stop. */
export function watchConsumerLag(source: ConsumerLagSource): () => void {
  lagSources.add(source);
  return () => lagSources.delete(source);
}

/** Collected on scrape; a group whose lag cannot be had quickly keeps its last values. */
async function collectConsumerLag(this: Gauge<string>): Promise<void> {
  await Promise.all(
    [...lagSources].map(async (source) => {
      try {
        for (const [topic, lag] of await source.lag()) this.set({ group: source.group, topic }, lag);
      } catch {
        // keep the last values
      }
    }),
  );
}

export const messagingMetrics = {
  outboxPublished: counter('mpp_outbox_published_total', 'Outbox events published to Kafka', ['topic']),
  outboxPublishFailures: counter('mpp_outbox_publish_failures_total', 'Failed outbox relay batches', []),
  consumed: counter('mpp_events_consumed_total', 'Consumed events by outcome', ['topic', 'outcome']),
  deadLettered: counter('mpp_events_dead_lettered_total', 'Events moved to the dead-letter topic', ['topic', 'reason']),
  outboxPending:
    (register.getSingleMetric('mpp_outbox_pending') as Gauge<string>) ??
    new Gauge({ name: 'mpp_outbox_pending', help: 'Outbox events not yet published (counted when scraped)', collect: collectOutboxPending }),
  consumerLag:
    (register.getSingleMetric('mpp_consumer_lag_messages') as Gauge<string>) ??
    new Gauge({
      name: 'mpp_consumer_lag_messages',
      help: 'Messages of a topic not yet consumed by the consumer group (end minus committed offsets; read when scraped)',
      labelNames: ['group', 'topic'],
      collect: collectConsumerLag,
    }),
  handleSeconds:
    (register.getSingleMetric('mpp_event_handle_seconds') as Histogram<string>) ??
    new Histogram({
      name: 'mpp_event_handle_seconds',
      help: 'Time to apply one consumed event (transaction included)',
      labelNames: ['topic'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
};
