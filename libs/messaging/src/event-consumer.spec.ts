import { randomUUID } from 'node:crypto';
import { DomainRuleError, EVENTS } from '@mpp/contracts';
import { isPermanentFailure, parseEnvelope, PermanentEventError } from './event-consumer';

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
