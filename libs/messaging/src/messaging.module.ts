import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ReadinessProbe } from '@mpp/platform';
import { EventConsumer } from './event-consumer';
import { createKafka, KAFKA, KafkaProducer, KafkaReadinessProbe } from './kafka';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { ChangeRecorder } from './change-recorder';
import { ConsumerLag } from './consumer-lag';
import { OutboxBacklog, OutboxRelay, OutboxWriter } from './outbox';

/**
 * Kafka client, transactional outbox (writer + relay), the change recorder (outbox + audit), idempotent
 * consumer with dead letters. Needs the global `AuditModule`.
 */
@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: KAFKA, inject: [ConfigService], useFactory: (config: ConfigService) => createKafka(config, options) },
        KafkaProducer,
        OutboxWriter,
        OutboxRelay,
        OutboxBacklog,
        ConsumerLag,
        ChangeRecorder,
        EventConsumer,
        { provide: ReadinessProbe, useClass: KafkaReadinessProbe },
      ],
      exports: [MESSAGING_OPTIONS, KAFKA, KafkaProducer, OutboxWriter, OutboxRelay, ChangeRecorder, EventConsumer, ReadinessProbe],
    };
  }
}
