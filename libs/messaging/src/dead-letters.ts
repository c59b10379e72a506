import { Kafka, KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { DEAD_LETTER_HEADERS, DEAD_LETTER_TOPICS, DEAD_LETTER_TRUNCATED_HEADER, TOPICS } from '@mpp/contracts';

/**
 * What the dead-letter tool needs to know of each service: its dead-letter topic, the schema holding its
 * audit trail, and the topics it consumes. Only its consumer dead-letters, so a letter of its dead-letter
 * topic can only have come from one of those topics, and may only go back to one of them. Kept in step with
 * the services' `@EventPattern` subscriptions by dead-letters.spec.ts.
 */
export const DEAD_LETTER_SERVICES = {
  intake: {
    deadLetterTopic: DEAD_LETTER_TOPICS.intake,
    schema: 'intake',
    consumes: [
      TOPICS.verificationStarted,
      TOPICS.documentsVerified,
      TOPICS.revisionRequested,
      TOPICS.applicationRejected,
      TOPICS.approvalRequested,
      TOPICS.applicationDenied,
      TOPICS.permitRevoked,
      TOPICS.slaBreached,
      TOPICS.approvalOverdue,
      TOPICS.permitIssued,
      TOPICS.notificationSent,
    ],
  },
  verification: {
    deadLetterTopic: DEAD_LETTER_TOPICS.verification,
    schema: 'verification',
    consumes: [TOPICS.applicationSubmitted, TOPICS.applicationResubmitted, TOPICS.applicationWithdrawn, TOPICS.documentUploaded, TOPICS.officeConfigured],
  },
  issuance: {
    deadLetterTopic: DEAD_LETTER_TOPICS.issuance,
    schema: 'issuance',
    consumes: [TOPICS.documentsVerified, TOPICS.applicationWithdrawn, TOPICS.officeConfigured],
  },
  notification: {
    deadLetterTopic: DEAD_LETTER_TOPICS.notification,
    schema: 'notification',
    consumes: [
      TOPICS.applicationSubmitted,
      TOPICS.applicationWithdrawn,
      TOPICS.officeConfigured,
      TOPICS.revisionRequested,
      TOPICS.applicationRejected,
      TOPICS.slaBreached,
      TOPICS.slaDueSoon,
      TOPICS.approvalDueSoon,
      TOPICS.approvalOverdue,
      TOPICS.approvalRequested,
      TOPICS.applicationDenied,
      TOPICS.permitIssued,
      TOPICS.permitRevoked,
    ],
  },
} as const satisfies Record<keyof typeof DEAD_LETTER_TOPICS, { deadLetterTopic: string; schema: string; consumes: readonly string[] }>;

export type DeadLetterService = keyof typeof DEAD_LETTER_SERVICES;

export function isDeadLetterService(name: string): name is DeadLetterService {
  return Object.prototype.hasOwnProperty.call(DEAD_LETTER_SERVICES, name);
}

/** A replay the rules refuse (nothing was published or recorded). */
export class DeadLetterReplayRefused extends Error {}

export interface DeadLetter {
  /** The dead-letter topic it was read from. */
  topic: string;
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
  /** What was cut from a record too large to carry whole (`dlt-truncated`); such a letter is not replayed. */
  truncated?: string;
}

const DLT_HEADER_NAMES = new Set<string>([...Object.values(DEAD_LETTER_HEADERS), DEAD_LETTER_TRUNCATED_HEADER]);

function toDeadLetter(topic: string, partition: number, message: KafkaMessage): DeadLetter {
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) if (v != null) all[k] = v.toString();
  const headers = Object.fromEntries(Object.entries(all).filter(([k]) => !DLT_HEADER_NAMES.has(k)));
  return {
    topic,
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
    ...(all[DEAD_LETTER_TRUNCATED_HEADER] ? { truncated: all[DEAD_LETTER_TRUNCATED_HEADER] } : {}),
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
      // A login without READ on the topic or on its `dead-letter-reader-` group makes kafkajs give up at once.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return;
        clearTimeout(timer);
        reject(new Error(`cannot read ${topic} (${payload.error?.message}): the Kafka login needs READ on it and on groups dead-letter-reader-* (admin does)`));
      });
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            letters.push(toDeadLetter(topic, partition, message));
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

const POSITION = /^(\d{1,9})@(\d{1,19})$/;

/**
 * The letters an operator named, by `<partition>@<offset>` in the dead-letter topic: only those, never a
 * whole topic. At least one position is required; a malformed position or one that holds no letter refuses
 * the whole request.
 */
export function selectDeadLetters(letters: readonly DeadLetter[], positions: readonly string[]): DeadLetter[] {
  if (positions.length === 0) throw new DeadLetterReplayRefused('name the letters to replay as <partition>@<offset> (see `list`)');
  const malformed = positions.filter((p) => !POSITION.test(p));
  if (malformed.length) throw new DeadLetterReplayRefused(`not a <partition>@<offset> position: ${malformed.join(', ')}`);
  const byPosition = new Map(letters.map((l) => [`${l.partition}@${l.offset}`, l]));
  const missing = positions.filter((p) => !byPosition.has(p));
  if (missing.length) throw new DeadLetterReplayRefused(`no dead letter at ${missing.join(', ')}`);
  return [...new Set(positions)].map((p) => byPosition.get(p) as DeadLetter);
}

/**
 * Refuses letters whose original topic is not one the service consumes (a forged or foreign header), and
 * letters cut because their record was too large (replaying a cut record would publish something else).
 */
export function assertReplayable(letters: readonly DeadLetter[], consumedTopics: readonly string[]): void {
  const cut = letters.filter((l) => l.truncated);
  if (cut.length) {
    throw new DeadLetterReplayRefused(`refusing to replay letters cut to size: ${cut.map((l) => `${l.partition}@${l.offset} (${l.truncated})`).join(', ')}`);
  }
  const foreign = letters.filter((l) => !consumedTopics.includes(l.originalTopic));
  if (foreign.length) {
    throw new DeadLetterReplayRefused(
      `refusing to replay to a topic the service does not consume: ${foreign.map((l) => `${l.partition}@${l.offset} → ${JSON.stringify(l.originalTopic)}`).join(', ')}`,
    );
  }
}

export interface ReplayOptions {
  /** The topics the service consumes: the only ones its letters may be replayed to. */
  consumedTopics: readonly string[];
  /** A connection to the service's database as the service's own role, its schema set: the audit trail. */
  dataSource: DataSource;
  /** Who replays: recorded as the actor of each audit entry. */
  operator: string;
}

/** The operator's name as recorded (e.g. `MPP_OPERATOR` or the OS user). */
export function operatorName(value: string | undefined): string {
  const name = value?.trim() ?? '';
  if (!/^[\w.@+-]{1,100}$/.test(name)) throw new DeadLetterReplayRefused('set MPP_OPERATOR to who replays (letters, digits and . _ @ + -, at most 100)');
  return name;
}

function eventOf(letter: DeadLetter): { eventId: string | null; type: string | null; tenant: string | null } {
  try {
    const value = JSON.parse(letter.value) as Record<string, unknown>;
    const text = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : null);
    return { eventId: text(value.eventId, 100), type: text(value.type, 100), tenant: text(value.tenant, 4) };
  } catch {
    return { eventId: null, type: null, tenant: null };
  }
}

/**
 * Publishes dead letters again to the topic they came from, with their key and original headers, once the
 * cause is fixed. Consumers deduplicate by event id, so replaying a letter twice has one effect.
 *
 * Every letter must come from a topic the service consumes (else nothing is replayed), and each replay is
 * recorded in the service's audit trail (`dead-letter.replayed`: who, the letter's position, its original
 * position and event id): the entry is written first and committed only once the broker has acknowledged
 * the letter, so a letter the broker does not take leaves no entry. Letters go one by one; the first failure
 * stops the run with its error (the letters before it are replayed and recorded).
 */
export async function replayDeadLetters(kafka: Kafka, letters: readonly DeadLetter[], options: ReplayOptions): Promise<number> {
  assertReplayable(letters, options.consumedTopics);
  if (letters.length === 0) return 0;
  const audit = new AuditTrail(options.dataSource);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (const letter of letters) {
      const event = eventOf(letter);
      await options.dataSource.transaction(async (manager) => {
        await audit.record(manager, {
          action: 'dead-letter.replayed',
          subjectType: 'dead-letter',
          subjectId: `${letter.partition}@${letter.offset}`,
          office: event.tenant && /^\d{4}$/.test(event.tenant) ? event.tenant : null,
          actor: { kind: 'system', id: options.operator, role: 'platform-operator' },
          details: {
            deadLetterTopic: letter.topic,
            partition: letter.partition,
            offset: letter.offset,
            originalTopic: letter.originalTopic,
            originalPartition: letter.originalPartition,
            originalOffset: letter.originalOffset,
            reason: letter.reason,
            eventId: event.eventId,
            eventType: event.type,
          },
        });
        await producer.send({
          topic: letter.originalTopic,
          acks: -1,
          messages: [{ key: letter.key, value: letter.value, headers: { ...letter.headers, 'replayed-from-offset': `${letter.partition}@${letter.offset}` } }],
        });
      });
    }
  } finally {
    await producer.disconnect();
  }
  return letters.length;
}
