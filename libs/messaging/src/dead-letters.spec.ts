import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEAD_LETTER_TOPICS, TOPICS } from '@mpp/contracts';
import { assertReplayable, DEAD_LETTER_SERVICES, DeadLetter, DeadLetterReplayRefused, operatorName, replayDeadLetters, selectDeadLetters } from './dead-letters';

function letter(partition: number, offset: string, originalTopic: string): DeadLetter {
  return {
    topic: DEAD_LETTER_TOPICS.verification,
    partition,
    offset,
    key: 'k',
    value: '{}',
    originalTopic,
    originalPartition: '0',
    originalOffset: '1',
    reason: 'processing-failed',
    error: 'x',
    attempts: '5',
    failedAt: '2026-11-30T10:00:00Z',
    headers: {},
  };
}

const letters = [letter(0, '12', TOPICS.applicationSubmitted), letter(1, '3', TOPICS.documentUploaded), letter(2, '7', TOPICS.permitIssued)];

describe('dead-letter replay rules', () => {
  it('replays only letters named by position, in the order named, once each', () => {
    expect(selectDeadLetters(letters, ['1@3', '0@12', '1@3']).map((l) => `${l.partition}@${l.offset}`)).toEqual(['1@3', '0@12']);
  });

  it('refuses a replay without positions, a malformed position and one that holds no letter', () => {
    expect(() => selectDeadLetters(letters, [])).toThrow(DeadLetterReplayRefused);
    expect(() => selectDeadLetters(letters, [])).toThrow(/name the letters to replay/);
    expect(() => selectDeadLetters(letters, ['0:12'])).toThrow('not a <partition>@<offset> position: 0:12');
    expect(() => selectDeadLetters(letters, ['0@12', '0@13'])).toThrow('no dead letter at 0@13');
  });

  it("refuses a letter whose original topic the service does not consume, before anything is sent or recorded", async () => {
    const consumes = DEAD_LETTER_SERVICES.verification.consumes;
    expect(() => assertReplayable(letters.slice(0, 2), consumes)).not.toThrow();
    expect(() => assertReplayable(letters, consumes)).toThrow(`2@7 → "${TOPICS.permitIssued}"`);
    const cut = { ...letters[0], truncated: 'value 1047900 bytes (sha256 ab) cut to 262144' };
    expect(() => assertReplayable([cut], consumes)).toThrow('refusing to replay letters cut to size: 0@12 (value 1047900 bytes');
    expect(() => assertReplayable([letter(0, '1', '')], consumes)).toThrow(DeadLetterReplayRefused);
    const kafka = { producer: jest.fn() };
    const dataSource = { transaction: jest.fn() };
    await expect(
      replayDeadLetters(kafka as never, [letter(0, '1', DEAD_LETTER_TOPICS.issuance)], { consumedTopics: consumes, dataSource: dataSource as never, operator: 'ops' }),
    ).rejects.toThrow(DeadLetterReplayRefused);
    expect(kafka.producer).not.toHaveBeenCalled();
    expect(dataSource.transaction).not.toHaveBeenCalled();
  });

  it('records who replays by a plain name', () => {
    expect(operatorName(' dewi.ops ')).toBe('dewi.ops');
    expect(() => operatorName(undefined)).toThrow('MPP_OPERATOR');
    expect(() => operatorName('')).toThrow(DeadLetterReplayRefused);
    expect(() => operatorName('x\ny')).toThrow(DeadLetterReplayRefused);
  });

  it('knows each service by its dead-letter topic, its schema and the topics its consumers subscribe to (@EventPattern)', () => {
    const servicesDir = join(__dirname, '../../../services');
    const subscriptions = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.consumer.ts'))
        .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/@EventPattern\(TOPICS\.(\w+)\)/g)].map((m) => TOPICS[m[1] as keyof typeof TOPICS]));
    const folders = { intake: 'application-intake', verification: 'document-verification', issuance: 'permit-issuance', notification: 'notification' } as const;
    for (const [service, folder] of Object.entries(folders)) {
      const known = DEAD_LETTER_SERVICES[service as keyof typeof folders];
      expect(known.deadLetterTopic).toBe(DEAD_LETTER_TOPICS[service as keyof typeof folders]);
      expect([...known.consumes].sort()).toEqual([...new Set(subscriptions(join(servicesDir, folder, 'src')))].sort());
      expect(readFileSync(join(servicesDir, folder, 'src/app.module.ts'), 'utf8')).toContain(`deadLetterTopic: DEAD_LETTER_TOPICS.${service}`);
      expect(readFileSync(join(servicesDir, folder, `src/database/${service}-database.ts`), 'utf8')).toContain(`_SCHEMA = '${known.schema}';`);
    }
  });
});
