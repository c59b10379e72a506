export interface MessagingOptions {
  /** Service name, used for Kafka client ids and log/metric labels. */
  serviceName: string;
  /** The service's database schema, holding its outbox and inbox tables. */
  schema: string;
  /** Consumer group of the service (exact name; no NestJS suffix). */
  consumerGroup: string;
  /** Where records this service cannot process go. */
  deadLetterTopic: string;
  /** Topics this service publishes to or consumes; created at start-up when missing. */
  topics: readonly string[];
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
