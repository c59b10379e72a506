import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { KAFKA, withTimeout } from './kafka';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { ConsumerLagSource, watchConsumerLag } from './metrics';

/**
 * The service's consumer group's lag for `mpp_consumer_lag_messages`, read when metrics are scraped: the
 * group's committed offsets (one OffsetFetch) against the end offsets of the topics it has committed on
 * (ListOffsets), summed over partitions. Only the service's own topics are asked about, so the label set
 * is bounded; a topic the group never committed on has no value (it may only be published to). Bounded
 * by a timeout: the gauge then keeps its last values.
 */
@Injectable()
export class ConsumerLag implements ConsumerLagSource, OnModuleInit, OnApplicationShutdown {
  readonly group: string;
  private admin?: Admin;
  private unwatch?: () => void;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.group = options.consumerGroup;
  }

  onModuleInit(): void {
    this.unwatch = watchConsumerLag(this);
  }

  async onApplicationShutdown(): Promise<void> {
    this.unwatch?.();
    await this.admin?.disconnect().catch(() => undefined);
  }

  async lag(): Promise<Map<string, number>> {
    const admin = (this.admin ??= this.kafka.admin({ retry: { retries: 0 } }));
    return withTimeout(
      (async () => {
        await admin.connect();
        const committed = await admin.fetchOffsets({ groupId: this.group, topics: [...this.options.topics] });
        const lag = new Map<string, number>();
        for (const { topic, partitions } of committed) {
          if (!partitions.some((p) => Number(p.offset) >= 0)) continue;
          const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o]));
          let sum = 0;
          for (const { partition, offset } of partitions) {
            const end = ends.get(partition);
            if (!end) continue;
            // No commit on this partition yet: the group starts from the beginning (subscribe fromBeginning).
            const from = Number(offset) >= 0 ? Number(offset) : Number(end.low);
            sum += Math.max(0, Number(end.high) - from);
          }
          lag.set(topic, sum);
        }
        return lag;
      })(),
      3000,
    ).catch(async (err) => {
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw err;
    });
  }
}
