import { Kafka, KafkaMessage } from 'kafkajs';
import { DEAD_LETTER_HEADERS } from '@mpp/contracts';

export interface DeadLetter {
  /** Position in the dead-letter topic. */
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  originalTopic: string;
  originalPartition: string;
  originalOffset: string;
  reason: string;
  error: string;
  attempts: string;
  failedAt: string;
  /** The original record's own headers (without the dead-letter ones). */
  headers: Record<string, string>;
}

const DLT_HEADER_NAMES = new Set<string>(Object.values(DEAD_LETTER_HEADERS));

function toDeadLetter(partition: number, message: KafkaMessage): DeadLetter {
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) if (v != null) all[k] = v.toString();
  const headers = Object.fromEntries(Object.entries(all).filter(([k]) => !DLT_HEADER_NAMES.has(k)));
  return {
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? '',
    originalTopic: all[DEAD_LETTER_HEADERS.originalTopic] ?? '',
    originalPartition: all[DEAD_LETTER_HEADERS.originalPartition] ?? '',
    originalOffset: all[DEAD_LETTER_HEADERS.originalOffset] ?? '',
    reason: all[DEAD_LETTER_HEADERS.reason] ?? '',
    error: all[DEAD_LETTER_HEADERS.error] ?? '',
    attempts: all[DEAD_LETTER_HEADERS.attempts] ?? '',
    failedAt: all[DEAD_LETTER_HEADERS.failedAt] ?? '',
    headers,
  };
}

/**
 * Reads a dead-letter topic from the beginning to its current end without joining a consumer group
 * (nothing is committed; the letters stay for the next look).
 */
export async function readDeadLetters(kafka: Kafka, topic: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  if (remaining.size === 0) return [];
  const letters: DeadLetter[] = [];
  const consumer = kafka.consumer({ groupId: `dead-letter-reader-${process.pid}-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${topic}`)), 30_000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            letters.push(toDeadLetter(partition, message));
            if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return letters.sort((a, b) => a.failedAt.localeCompare(b.failedAt));
}

/**
 * Publishes dead letters again to the topic they came from, with their key and original headers, once the
 * cause is fixed. Consumers deduplicate by event id, so replaying a letter twice has one effect.
 */
export async function replayDeadLetters(kafka: Kafka, letters: DeadLetter[]): Promise<number> {
  const replayable = letters.filter((l) => l.originalTopic);
  if (replayable.length === 0) return 0;
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (const letter of replayable) {
      await producer.send({
        topic: letter.originalTopic,
        acks: -1,
        messages: [{ key: letter.key, value: letter.value, headers: { ...letter.headers, 'replayed-from-offset': `${letter.partition}@${letter.offset}` } }],
      });
    }
  } finally {
    await producer.disconnect();
  }
  return replayable.length;
}
