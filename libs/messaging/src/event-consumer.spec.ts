import { createHash, randomUUID } from 'node:crypto';
import { DEAD_LETTER_TRUNCATED_HEADER, DomainRuleError, EVENTS } from '@mpp/contracts';
import { DEAD_LETTER_LIMITS, deadLetterMessage, isPermanentFailure, parseEnvelope, PermanentEventError } from './event-consumer';

function envelope(overrides: Record<string, unknown> = {}) {
  return {
    eventId: randomUUID(),
    type: 'VerificationStarted',
    version: 1,
    occurredAt: '2026-11-28T03:00:00.000Z',
    correlationId: 'c-1',
    tenant: '3373',
    aggregateId: randomUUID(),
    payload: {
      applicationId: randomUUID(),
      applicationNumber: 'MPP-3373-2026-000001',
      officeCode: '3373',
      caseId: randomUUID(),
      checklist: ['KTP'],
      automaticChecks: [{ name: 'nik-structure', passed: true }],
      startedAt: '2026-11-28T03:00:00.000Z',
    },
    ...overrides,
  };
}

describe('parseEnvelope', () => {
  it('accepts a valid event, as object or JSON text, and tolerates added fields', async () => {
    const e = { ...envelope(), addedLater: 'x' };
    expect(await parseEnvelope(EVENTS.VerificationStarted, e)).toHaveProperty('event.eventId', e.eventId);
    expect(await parseEnvelope(EVENTS.VerificationStarted, JSON.stringify(e))).toHaveProperty('event.payload.caseId', e.payload.caseId);
  });

  it.each([
    ['not JSON', 'garbage', 'not JSON'],
    ['an array', '[1,2]', 'not a JSON object'],
    ['another event type', envelope({ type: 'PermitIssued' }), 'type (expected VerificationStarted)'],
    ['another version', envelope({ version: 2 }), 'version (expected 1)'],
    ['a bad tenant', envelope({ tenant: 'Salatiga' }), 'tenant'],
    ['a payload breaking its contract', envelope({ payload: { applicationId: 'x' } }), 'payload.applicationId'],
  ])('refuses %s, saying why', async (_case, value, reason) => {
    const result = await parseEnvelope(EVENTS.VerificationStarted, value);
    expect(result).toHaveProperty('violations');
    expect((result as { violations: string }).violations).toContain(reason);
  });
});

describe('isPermanentFailure', () => {
  it('dead-letters at once what will fail again: a handler refusal or a broken domain rule', () => {
    expect(isPermanentFailure(new PermanentEventError('application unknown'))).toBe(true);
    expect(isPermanentFailure(new DomainRuleError('kbli', 'kbli.unknown', 'KBLI 99999 is not in the catalogue'))).toBe(true);
  });

  it('retries anything else (a lost connection, a deadlock)', () => {
    expect(isPermanentFailure(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isPermanentFailure('timeout')).toBe(false);
  });
});

// Found by the poison test (e2e/kafka-poison.e2e-spec.ts): a record just under the broker's 1 MB limit plus the
// dead-letter headers was over it, the broker refused the letter, and the consumer crashed on it at every start.
describe('deadLetterMessage', () => {
  const dlt = { 'dlt-reason': 'invalid-event', 'dlt-original-topic': EVENTS.ApplicationSubmitted.topic };

  it('carries an ordinary record whole, with its headers and the dead-letter headers', () => {
    const letter = deadLetterMessage({ key: 'k', value: '{"a":1}', headers: { 'event-id': 'e-1', 'dlt-reason': 'forged' } }, dlt);
    expect(letter).toEqual({ key: 'k', value: '{"a":1}', headers: { 'event-id': 'e-1', ...dlt } });
    expect(deadLetterMessage({ key: null, value: { a: 1 } }, dlt).value).toBe('{"a":1}');
  });

  it('cuts a value, a key and headers that are too large, and says what was cut', () => {
    const value = 'x'.repeat(1_047_900);
    const letter = deadLetterMessage({ key: 'k'.repeat(5000), value, headers: { big: 'h'.repeat(20_000), small: 's' } }, dlt);
    expect(Buffer.byteLength(letter.value)).toBe(DEAD_LETTER_LIMITS.valueBytes);
    expect(letter.key).toHaveLength(DEAD_LETTER_LIMITS.keyBytes);
    expect(letter.headers).toEqual({
      small: 's',
      ...dlt,
      [DEAD_LETTER_TRUNCATED_HEADER]: `value 1047900 bytes (sha256 ${createHash('sha256').update(value).digest('hex')}) cut to 262144; key 5000 bytes cut to 1024; 1 headers dropped (over 16384 bytes)`,
    });
  });
});
