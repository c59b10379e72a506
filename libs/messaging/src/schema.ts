import { QueryRunner } from 'typeorm';

/**
 * DDL of the messaging tables every service owns in its schema, for the tests of this library. Each
 * service's migrations carry their own frozen copy of it (a migration never calls code that may change):
 * a change here is a new migration in every service.
 *
 * - `outbox`: events written in the same transaction as the state change that caused them; the relay
 *   publishes them to Kafka in id order and stamps `published_at`; `attempts` counts its publish attempts
 *   and `last_error` keeps the error of the latest failed one. Column names follow the Debezium outbox
 *   event router (aggregatetype/aggregateid/type/payload), so CDC can replace polling later.
 * - `inbox`: ids of events a consumer has applied, inserted in the same transaction as the effect.
 */
export async function createMessagingTables(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`
    CREATE TABLE "${schema}"."outbox" (
      "id" bigserial PRIMARY KEY,
      "event_id" uuid NOT NULL UNIQUE,
      "topic" varchar(200) NOT NULL,
      "aggregatetype" varchar(100) NOT NULL,
      "aggregateid" varchar(100) NOT NULL,
      "type" varchar(100) NOT NULL,
      "payload" jsonb NOT NULL,
      "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "occurred_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz,
      "attempts" integer NOT NULL DEFAULT 0,
      "last_error" text
    )`);
  await runner.query(
    `CREATE INDEX "outbox_unpublished_idx" ON "${schema}"."outbox" ("id") WHERE "published_at" IS NULL`,
  );
  await runner.query(`
    CREATE TABLE "${schema}"."inbox" (
      "consumer" varchar(200) NOT NULL,
      "event_id" uuid NOT NULL,
      "topic" varchar(200) NOT NULL,
      "event_type" varchar(100) NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "event_id")
    )`);
}


/** NOTIFY channel the relay listens on; the writer notifies it (delivered at commit). */
export function outboxChannel(schema: string): string {
  return `mpp_outbox_${schema}`;
}
