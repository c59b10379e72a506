import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import fc from 'fast-check';
import { EVENTS, flattenValidationErrors } from '@mpp/contracts';
import { LATEST_RULE_SET, normalizeVillageCode } from '@mpp/domain';
import { parseEnvelope } from '@mpp/messaging';
import { applicationSubmittedPayload, newApplication } from './new-application';
import { SubmitApplicationRequest } from './submit-application.request.dto';

/**
 * One set of rules: any submission that intake's request validation accepts yields an `ApplicationSubmitted`
 * whose payload the consumers accept (they validate with the same class, through `parseEnvelope`).
 */

/** Text as hostile clients send it: ordinary names, blanks, padding, control characters, any Unicode. */
const text = fc.oneof(
  fc.constantFrom('Siti Rahayu', 'Warung Bu Siti', 'Jl. Diponegoro 5', 'CV Roti Makmur', '12', 'Dewi Lestari, S.H.'),
  fc.constantFrom('', ' ', '   ', '\t', '\n', '\u00a0', '\u3000', '\ufeff', ' \u2028 ', 'a\u0000b', 'x\u0007', ' Siti '),
  fc.string({ maxLength: 8, unit: fc.constantFrom(' ', '\t', '\u00a0', 'a', 'Z', '\u0001', '\u007f', '.', 'é') }),
  fc.string({ maxLength: 310, unit: 'grapheme' }),
  fc.string({ maxLength: 20, unit: 'binary' }),
);
const optionalText = fc.option(text, { nil: undefined });

const deed = fc.record(
  { number: text, date: fc.constantFrom('2021-03-15', '2020-02-29'), notary: optionalText, ministryApproval: optionalText },
  { requiredKeys: ['number', 'date'] },
);
const entity = fc.record(
  { form: fc.constantFrom('PT', 'PT_PERORANGAN', 'CV', 'FIRMA', 'KOPERASI', 'BUM_DESA'), name: text, npwp: fc.constantFrom('02.183.241.5-000.000', '0021832415000000'), deed: fc.option(deed, { nil: undefined }) },
  { requiredKeys: ['form', 'name', 'npwp'] },
);
const applicant = fc.oneof(
  fc.record({ nik: fc.constant('3373011203850301'), name: text }),
  fc.record({ nik: fc.constant('3373011203850301'), name: text, kind: fc.constant('ENTITY'), entity }),
);
const submission = fc.record({
  officeCode: fc.constant('3373'),
  applicant,
  business: fc.record({
    name: text,
    kbli: fc.constantFrom('47112', '10710', '86105'),
    capital: fc.integer({ min: 0, max: 20_000_000_000 }),
    address: fc.record({ regionCode: fc.constantFrom('33.73.01.1001', '3373011001'), street: text }),
  }),
});

/** What the platform's validation pipe does: transform, then validate with unknown fields refused. */
async function accepted(body: object): Promise<SubmitApplicationRequest | undefined> {
  const request = plainToInstance(SubmitApplicationRequest, body);
  const errors = await validate(request, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0 ? request : undefined;
}

function publishedPayload(request: SubmitApplicationRequest) {
  const regionCode = normalizeVillageCode(request.business.address.regionCode) as string;
  const application = newApplication(request, { applicationNumber: 'MPP-3373-2026-000001', trackingCodeHash: 'hmac-sha256:00000000:', regionCode, now: new Date(), ruleSet: LATEST_RULE_SET });
  return applicationSubmittedPayload(application);
}

function envelopeOf(payload: object) {
  const definition = EVENTS.ApplicationSubmitted;
  return JSON.stringify({
    eventId: '7a1f9f4e-3c1b-4c1e-9d3a-2b5f0c6e8a10',
    type: definition.type,
    version: definition.version,
    occurredAt: new Date().toISOString(),
    correlationId: 'c-1',
    tenant: '3373',
    aggregateId: '7a1f9f4e-3c1b-4c1e-9d3a-2b5f0c6e8a11',
    payload,
  });
}

describe('ApplicationSubmitted carries what intake accepts', () => {
  it('every accepted submission yields a payload the consumers accept', async () => {
    let acceptedCount = 0;
    await fc.assert(
      fc.asyncProperty(submission, async (body) => {
        const request = await accepted(body);
        if (!request) return;
        acceptedCount++;
        const payload = publishedPayload(request);
        const parsed = await parseEnvelope(EVENTS.ApplicationSubmitted, envelopeOf(payload));
        expect(parsed).not.toHaveProperty('violations');
        // And the payload class on its own, as it is validated after plainToInstance.
        expect(await validate(plainToInstance(EVENTS.ApplicationSubmitted.payload, JSON.parse(JSON.stringify(payload)) as object))).toEqual([]);
      }),
      { numRuns: 300 },
    );
    // The property is about accepted submissions: make sure the generator produced enough of them.
    expect(acceptedCount).toBeGreaterThan(20);
  });

  it('refuses blank names, business names and streets, naming the field', async () => {
    const base = { officeCode: '3373', applicant: { nik: '3373011203850301', name: 'Siti' }, business: { name: 'Warung', kbli: '47112', capital: 1, address: { regionCode: '3373011001', street: 'Jl. A 1' } } };
    for (const [field, body] of [
      ['applicant.name', { ...base, applicant: { ...base.applicant, name: ' \t ' } }],
      ['business.name', { ...base, business: { ...base.business, name: '\u00a0' } }],
      ['business.address.street', { ...base, business: { ...base.business, address: { ...base.business.address, street: '   ' } } }],
    ] as const) {
      const errors = await validate(plainToInstance(SubmitApplicationRequest, body), { whitelist: true, forbidNonWhitelisted: true });
      expect(flattenValidationErrors(errors)).toEqual([{ field, rule: 'isNotEmpty', message: `${field} should not be empty` }]);
    }
  });

  it('stores and publishes text trimmed once, by the request class', async () => {
    const body = { officeCode: '3373', applicant: { nik: '3373011203850301', name: '  Siti Rahayu ' }, business: { name: ' Warung ', kbli: '47112', capital: 1, address: { regionCode: '3373011001', street: ' Jl. A 1 ' } } };
    const request = await accepted(body);
    expect(request).toBeDefined();
    const payload = publishedPayload(request as SubmitApplicationRequest);
    expect([payload.applicant.name, payload.business.name, payload.business.address.street]).toEqual(['Siti Rahayu', 'Warung', 'Jl. A 1']);
  });
});
