import { Counter, Gauge, Histogram, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}

export const messagingMetrics = {
  outboxPublished: counter('mpp_outbox_published_total', 'Outbox events published to Kafka', ['topic']),
  outboxPublishFailures: counter('mpp_outbox_publish_failures_total', 'Failed outbox relay batches', []),
  consumed: counter('mpp_events_consumed_total', 'Consumed events by outcome', ['topic', 'outcome']),
  deadLettered: counter('mpp_events_dead_lettered_total', 'Events moved to the dead-letter topic', ['topic', 'reason']),
  outboxPending:
    (register.getSingleMetric('mpp_outbox_pending') as Gauge<string>) ??
    new Gauge({ name: 'mpp_outbox_pending', help: 'Outbox events not yet published (as of the last relay pass)' }),
  handleSeconds:
    (register.getSingleMetric('mpp_event_handle_seconds') as Histogram<string>) ??
    new Histogram({
      name: 'mpp_event_handle_seconds',
      help: 'Time to apply one consumed event (transaction included)',
      labelNames: ['topic'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
};
