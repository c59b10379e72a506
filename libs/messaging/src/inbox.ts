import { EntityManager } from 'typeorm';

/** The inbox's consumer of an event: the service's group and the event type (one row per pair and event). */
export function inboxConsumer(consumerGroup: string, eventType: string): string {
  return `${consumerGroup}:${eventType}`;
}

/** An inbox row's identity: the consumer and the event id (a UUID in any of PostgreSQL's spellings). */
export function inboxKey(consumer: string, eventId: string): string {
  return `${consumer} ${eventId.toLowerCase().replace(/[^0-9a-f]/g, '')}`;
}

export interface InboxRow {
  consumer: string;
  eventId: string;
  topic: string;
  eventType: string;
}

/**
 * Inserts inbox rows in one statement and answers the keys (`inboxKey`) of those it inserted: a row that
 * was there already is an event applied before.
 */
export async function insertInbox(manager: EntityManager, schema: string, rows: readonly InboxRow[]): Promise<Set<string>> {
  const inserted: { consumer: string; event_id: string }[] = await manager.query(
    `INSERT INTO "${schema}"."inbox" ("consumer", "event_id", "topic", "event_type")
     SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::varchar[])
     ON CONFLICT DO NOTHING RETURNING "consumer", "event_id"`,
    [rows.map((r) => r.consumer), rows.map((r) => r.eventId), rows.map((r) => r.topic), rows.map((r) => r.eventType)],
  );
  return new Set(inserted.map((r) => inboxKey(r.consumer, r.event_id)));
}
