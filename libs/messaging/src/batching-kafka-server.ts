import { Logger } from '@nestjs/common';
import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { errorText } from '@mpp/platform';
import { applyAsBatch, claimInbox } from './event-batch';
import { MessagingOptions } from './messaging.options';

/** The most records one transaction applies: bounds how long a batch holds its locks (the audit chain). */
export const MAX_BATCH_RECORDS = 50;

/**
 * NestJS's Kafka server, consuming with kafkajs `eachBatch` instead of `eachMessage`: the records fetched
 * from a partition are applied in chunks of up to `MAX_BATCH_RECORDS`, each chunk in one transaction
 * (`applyAsBatch`, its inbox rows inserted in one statement by `claimInbox`), through the same
 * `@EventPattern` handlers. A chunk that is abandoned is applied again
 * record by record, exactly as `eachMessage` would. Offsets are resolved and committed after each chunk
 * (or each record) is durable, so a crash redelivers at most an uncommitted chunk, which the inboxes skip.
 * https://kafka.js.org/docs/consuming#a-name-each-batch-a-eachbatch
 */
export class BatchingKafkaServer extends ServerKafka {
  private readonly batchLogger = new Logger('EventBatch');

  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly dataSource: DataSource,
    private readonly messaging: MessagingOptions,
  ) {
    super(options);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    await consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale, pause }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const one = (message: KafkaMessage) => this.handleMessage({ topic, partition, message, heartbeat, pause });
    for (let start = 0; start < batch.messages.length; start += MAX_BATCH_RECORDS) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + MAX_BATCH_RECORDS);
      const together =
        chunk.length > 1 &&
        (await applyAsBatch(this.dataSource, this.messaging.schema, chunk, one, {
          claim: (manager) => claimInbox(manager, this.messaging.schema, this.messaging.consumerGroup, chunk.map((m) => ({ topic, value: m.value }))),
          onAbandoned: (reason) => this.abandoned(topic, partition, chunk, reason),
        }));
      if (!together) {
        for (const message of chunk) {
          if (!isRunning() || isStale()) return;
          await one(message);
          resolveOffset(message.offset);
          await commitOffsetsIfNecessary();
        }
      }
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private abandoned(topic: string, partition: number, chunk: KafkaMessage[], reason: unknown): void {
    this.batchLogger.warn(
      `batch ${topic}/${partition}@${chunk[0].offset}-${chunk[chunk.length - 1].offset} abandoned (${errorText(reason)}); applying its ${chunk.length} records one by one`,
    );
  }
}
