import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Admin, Kafka, KafkaConfig, logLevel, LogEntry, Message, Producer } from 'kafkajs';
import { ReadinessProbe } from '@mpp/platform';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

export const KAFKA = Symbol('KAFKA');

/** kafkajs logs through the NestJS logger (and so as JSON with the rest). */
export function kafkaLogCreator(context: string) {
  const logger = new Logger(context);
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const line = `${message} ${JSON.stringify(extra)}`;
      if (level === logLevel.ERROR) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else if (level === logLevel.INFO) logger.log(line);
      else logger.debug(line);
    };
}

/** A SCRAM-SHA-512 login: the service's own Kafka principal (or admin for operators' tools and tests). */
export interface KafkaCredentials {
  username: string;
  password: string;
}

/**
 * kafkajs settings of every client of a service (producer, admin, and the NestJS consumer). With
 * `credentials` the client authenticates with SASL/SCRAM-SHA-512 over plaintext TCP (the broker listens on
 * loopback or the private network; see docs/decisions); without, it connects anonymously, which a broker
 * with ACLs refuses.
 */
export function kafkaClientConfig(brokers: string, clientId: string, credentials?: KafkaCredentials): KafkaConfig {
  return {
    clientId,
    brokers: brokers.split(',').map((b) => b.trim()),
    connectionTimeout: 3000,
    requestTimeout: 10000,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(`kafka:${clientId}`),
    retry: { initialRetryTime: 300, retries: 5, maxRetryTime: 5000 },
    ...(credentials ? { sasl: { mechanism: 'scram-sha-512', username: credentials.username, password: credentials.password }, ssl: false } : {}),
  };
}

/** KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD (validated together by the service's configuration), if set. */
export function kafkaCredentials(config: Pick<ConfigService, 'get'>): KafkaCredentials | undefined {
  const username = config.get<string>('KAFKA_SASL_USERNAME');
  const password = config.get<string>('KAFKA_SASL_PASSWORD');
  return username && password ? { username, password } : undefined;
}

export function createKafka(config: ConfigService, options: MessagingOptions): Kafka {
  const clientId = config.get<string>('KAFKA_CLIENT_ID') ?? options.serviceName;
  return new Kafka(kafkaClientConfig(config.getOrThrow<string>('KAFKA_BROKERS'), clientId, kafkaCredentials(config)));
}

/** Creates missing topics (auto-creation is off on the broker). Existing topics are left as they are. */
export async function ensureTopics(admin: Admin, topics: readonly string[], numPartitions = 3, replicationFactor = 1) {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor })),
  });
  return missing;
}

/**
 * The service's one Kafka producer (outbox relay and dead letters). Connects lazily and reconnects after
 * a broker outage, so the service starts and keeps serving HTTP while Kafka is away.
 */
@Injectable()
export class KafkaProducer implements OnApplicationShutdown {
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}

  async send(topic: string, messages: Message[]): Promise<void> {
    await this.sendBatch([{ topic, messages }]);
  }

  async sendBatch(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    const producer = await this.connected();
    await producer.sendBatch({ topicMessages, acks: -1 });
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
      producer.on(producer.events.DISCONNECT, () => {
        if (this.producer === producer) this.producer = undefined;
      });
      try {
        await producer.connect();
        this.producer = producer;
        return producer;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}

/** Readiness: Kafka answers a metadata request within two seconds. */
@Injectable()
export class KafkaReadinessProbe extends ReadinessProbe implements OnApplicationShutdown {
  readonly name = 'kafka';
  private admin?: Admin;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    super();
  }

  async check(): Promise<void> {
    const admin = (this.admin ??= this.kafka.admin({ retry: { retries: 0 } }));
    await withTimeout(
      (async () => {
        await admin.connect();
        await admin.fetchTopicMetadata({ topics: [this.options.deadLetterTopic] });
      })(),
      2000,
    ).catch(async (err) => {
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw err;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
