import { Message } from 'kafkajs';
import { KafkaProducer } from './kafka';
import { OutboxRelay } from './outbox';

/** Stands in for `KafkaProducer` when Kafka is kept out: keeps what would have been sent (dead letters). */
export class OfflineKafkaProducer {
  readonly sent: { topic: string; messages: Message[] }[] = [];

  async send(topic: string, messages: Message[]): Promise<void> {
    this.sent.push({ topic, messages });
  }

  async sendBatch(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    this.sent.push(...topicMessages);
  }
}

/** Stands in for `OutboxRelay` when Kafka is kept out: never starts, so outbox rows stay unpublished. */
export class IdleOutboxRelay {
  start(): void {
    // nothing to start
  }

  async stop(): Promise<void> {
    // nothing to stop
  }

  async drain(): Promise<number> {
    return 0;
  }
}

/**
 * Provider overrides that keep Kafka out of a service under test (the service harness of `@mpp/testing`):
 * the producer records instead of sending (`app.get(KafkaProducer)` is then an `OfflineKafkaProducer`)
 * and the outbox relay stays idle. Nothing else in this library connects to a broker on its own: the
 * consumer is started by `startKafkaConsumer`, and the readiness probe only when asked.
 */
export function offlineMessaging(): { provide: unknown; useValue: unknown }[] {
  return [
    { provide: KafkaProducer, useValue: new OfflineKafkaProducer() },
    { provide: OutboxRelay, useValue: new IdleOutboxRelay() },
  ];
}
