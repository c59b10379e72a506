import { INestApplication, Logger, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { KafkaOptions, Transport } from '@nestjs/microservices';
import { Consumer, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createHttpApp, errorText, HttpAppOptions } from '@mpp/platform';
import { BatchingKafkaServer } from './batching-kafka-server';
import { ensureTopics, KAFKA, kafkaClientConfig, kafkaCredentials } from './kafka';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

/** Options of the NestJS Kafka server (the consumer side of a hybrid app), see `BatchingKafkaServer`. */
export function kafkaServerOptions(config: ConfigService, options: MessagingOptions): Required<KafkaOptions> {
  const clientId = `${config.get<string>('KAFKA_CLIENT_ID') ?? options.serviceName}-consumer`;
  return {
    transport: Transport.KAFKA,
    options: {
      // Exact group and client names: NestJS would otherwise append "-server" (and the group's ACL names
      // the exact group id, deploy/kafka/acls.conf).
      postfixId: '',
      client: kafkaClientConfig(config.getOrThrow<string>('KAFKA_BROKERS'), clientId, kafkaCredentials(config)),
      consumer: {
        groupId: options.consumerGroup,
        allowAutoTopicCreation: false,
        // A crashed member is noticed within 10 s (kafkajs default: 30 s).
        sessionTimeout: 10000,
        heartbeatInterval: 3000,
        // kafkajs waits up to 5 s for a fetch by default, which would add seconds to every hop.
        maxWaitTimeInMs: 100,
        retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 10000 },
      },
      subscribe: { fromBeginning: true },
      // Partitions are processed in parallel; records within one partition (one application) stay in order.
      run: { autoCommit: true, partitionsConsumedConcurrently: 3 },
      producer: { allowAutoTopicCreation: false },
    },
  };
}

/**
 * Starts the Kafka side of a hybrid app after HTTP is listening: creates the service's topics when
 * missing, then connects the consumer. While Kafka is unreachable it keeps retrying in the background and
 * HTTP keeps serving (readiness reports Kafka down).
 */
export async function startKafkaConsumer(app: INestApplication): Promise<void> {
  const logger = new Logger('KafkaConsumer');
  const config = app.get(ConfigService);
  const options = app.get<MessagingOptions>(MESSAGING_OPTIONS);
  const kafka = app.get<Kafka>(KAFKA);
  const server = new BatchingKafkaServer(kafkaServerOptions(config, options).options, app.get(DataSource), options);
  const microservice = app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  for (let attempt = 1; ; attempt++) {
    try {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const created = await ensureTopics(admin, [...new Set([...options.topics, options.deadLetterTopic])]);
        if (created.length) logger.log(`created topics ${created.join(', ')}`);
      } finally {
        await admin.disconnect();
      }
      await app.startAllMicroservices();
      exitWhenConsumerDies(microservice.unwrap<[Kafka, Consumer]>()[1], logger);
      logger.log(`consuming as group ${options.consumerGroup}`);
      return;
    } catch (err) {
      const delay = Math.min(30000, 1000 * attempt);
      logger.warn(`Kafka not available (${errorText(err)}); retrying in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * kafkajs restarts its consumer after retriable errors, but after some it stops for good and only emits a
 * crash event with `restart: false` (docs/architecture.md#consumers-that-die); NestJS keeps the process up with
 * a dead consumer. Exiting lets the supervisor (Compose, Kubernetes, start-all) restart the service, which
 * resumes from committed offsets.
 */
function exitWhenConsumerDies(consumer: Consumer, logger: Logger): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) {
      logger.warn(`Kafka consumer crashed and restarts: ${payload.error?.message}`);
      return;
    }
    logger.error(`Kafka consumer stopped for good (${payload.error?.message}); exiting so that the service is restarted`);
    setTimeout(() => process.exit(1), 100);
  });
}

/**
 * Entry point of a service: HTTP first (so health and the API answer even while Kafka is away), then the
 * Kafka consumer. Exits with the reason when start-up fails (for example invalid configuration).
 */
export function runHybridService(module: Type<unknown>, http: HttpAppOptions): void {
  (async () => {
    const app = await createHttpApp(module, http);
    await app.listen(app.get(ConfigService).getOrThrow<number>('PORT'));
    await startKafkaConsumer(app);
  })().catch((err) => {
    console.error(errorText(err));
    process.exit(1);
  });
}
