import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '@mpp/platform';
import { SubmitApplicationRequest } from './submit-application.request.dto';

const PERSON = { nik: '3373011203850301', name: 'Budi Santoso' };
const BUSINESS = { name: 'Roti Makmur', kbli: '10710', capital: 50_000_000, address: { regionCode: '33.73.01.1001', street: 'Jl. Diponegoro 5' } };
const DEED = { number: '12', date: '2021-03-15', notary: 'Dewi Lestari, S.H., M.Kn.', ministryApproval: 'AHU-0012345.AH.01.14.TAHUN 2021' };
const CV = { form: 'CV', name: 'CV Roti Makmur', npwp: '02.183.241.5-000.000', deed: DEED };

function request(applicant: Record<string, unknown>) {
  return { officeCode: '3373', applicant, business: BUSINESS };
}

/** The violations as the API reports them: field and rule. */
async function violations(body: object) {
  const errors = await validate(plainToInstance(SubmitApplicationRequest, body), { whitelist: true, forbidNonWhitelisted: true });
  return flattenValidationErrors(errors).map(({ field, rule }) => ({ field, rule }));
}

describe('SubmitApplicationRequest: applicant kind and business entity', () => {
  it('accepts an individual as before: kind absent or INDIVIDUAL, no entity', async () => {
    expect(await violations(request(PERSON))).toEqual([]);
    expect(await violations(request({ ...PERSON, kind: 'INDIVIDUAL' }))).toEqual([]);
  });

  it('accepts an entity of each form with a deed, and a PT Perorangan without one', async () => {
    for (const form of ['PT', 'PT_PERORANGAN', 'CV', 'FIRMA', 'KOPERASI', 'BUM_DESA']) {
      expect({ form, violations: await violations(request({ ...PERSON, kind: 'ENTITY', entity: { ...CV, form } })) }).toEqual({ form, violations: [] });
    }
    const { deed: _deed, ...withoutDeed } = CV;
    expect(await violations(request({ ...PERSON, kind: 'ENTITY', entity: { ...withoutDeed, form: 'PT_PERORANGAN' } }))).toEqual([]);
    expect(await violations(request({ ...PERSON, kind: 'ENTITY', entity: { ...CV, npwp: '0021832415000000' } }))).toEqual([]);
  });

  it('requires the entity for kind ENTITY, and refuses one for an individual', async () => {
    expect(await violations(request({ ...PERSON, kind: 'ENTITY' }))).toContainEqual({ field: 'applicant.entity', rule: 'isDefined' });
    expect(await violations(request({ ...PERSON, entity: CV }))).toContainEqual({ field: 'applicant.entity', rule: 'absentForIndividual' });
    expect(await violations(request({ ...PERSON, kind: 'INDIVIDUAL', entity: CV }))).toContainEqual({ field: 'applicant.entity', rule: 'absentForIndividual' });
    expect(await violations(request({ ...PERSON, kind: 'COMPANY' }))).toEqual([{ field: 'applicant.kind', rule: 'isIn' }]);
  });

  it('requires the deed of establishment for every form but PT Perorangan', async () => {
    const { deed: _deed, ...withoutDeed } = CV;
    for (const form of ['PT', 'CV', 'FIRMA', 'KOPERASI', 'BUM_DESA']) {
      expect(await violations(request({ ...PERSON, kind: 'ENTITY', entity: { ...withoutDeed, form } }))).toEqual([
        { field: 'applicant.entity.deed', rule: 'isDefined' },
      ]);
    }
  });

  it("takes only the entity's own NPWP, never a NIK, and checks its check digit", async () => {
    expect(await violations(request({ ...PERSON, kind: 'ENTITY', entity: { ...CV, npwp: PERSON.nik } }))).toEqual([
      { field: 'applicant.entity.npwp', rule: 'isEntityNpwp' },
    ]);
    expect(await violations(request({ ...PERSON, kind: 'ENTITY', entity: { ...CV, npwp: '02.183.241.6-000.000' } }))).toEqual([
      { field: 'applicant.entity.npwp', rule: 'isNpwp' },
    ]);
  });

  it('checks the form, the name and the deed fields', async () => {
    const bad = { form: 'YAYASAN', name: '', npwp: CV.npwp, deed: { number: '', date: '2021-02-30', notary: 'x'.repeat(201), ministryApproval: 'y'.repeat(101) } };
    expect(await violations(request({ ...PERSON, kind: 'ENTITY', entity: bad }))).toEqual(
      expect.arrayContaining([
        { field: 'applicant.entity.form', rule: 'isIn' },
        { field: 'applicant.entity.name', rule: 'isNotEmpty' },
        { field: 'applicant.entity.deed.number', rule: 'isNotEmpty' },
        { field: 'applicant.entity.deed.date', rule: 'isIso8601' },
        { field: 'applicant.entity.deed.notary', rule: 'maxLength' },
        { field: 'applicant.entity.deed.ministryApproval', rule: 'maxLength' },
      ]),
    );
    const dateTime = { ...CV, deed: { ...DEED, date: '2021-03-15T10:00:00Z' } };
    expect(await violations(request({ ...PERSON, kind: 'ENTITY', entity: dateTime }))).toEqual([{ field: 'applicant.entity.deed.date', rule: 'matches' }]);
  });
});

// Found by the hostile-input suite: a padded NIK or KBLI passed its check (which trims) and was stored as sent,
// overflowing its character(16) / character(5) column (a 500). Identifiers are now trimmed once, on transform.
describe('SubmitApplicationRequest: identifiers trimmed once', () => {
  it('validates and keeps the trimmed NIK, NPWP, KBLI and region code', async () => {
    const body = {
      officeCode: '3373',
      applicant: { ...PERSON, nik: ` ${PERSON.nik} `, npwp: ' 01.312.166.0-091.000 ' },
      business: { ...BUSINESS, kbli: ' 10710\t', address: { ...BUSINESS.address, regionCode: ' 33.73.01.1001 ' } },
    };
    expect(await violations(body)).toEqual([]);
    const request = plainToInstance(SubmitApplicationRequest, body);
    expect([request.applicant.nik, request.applicant.npwp, request.business.kbli, request.business.address.regionCode]).toEqual([
      PERSON.nik,
      '01.312.166.0-091.000',
      '10710',
      '33.73.01.1001',
    ]);
  });
});

describe('SubmitApplicationRequest: where and how the applicant is told (notifications)', () => {
  it('takes an email address, a phone number and the language of the messages (id or en)', async () => {
    expect(await violations(request({ ...PERSON, email: 'budi@example.id', phone: '+6281234567890', language: 'en' }))).toEqual([]);
    expect(await violations(request({ ...PERSON, email: 'budi@example.id', language: 'id' }))).toEqual([]);
  });

  it('refuses a malformed address or number and another language, naming the field', async () => {
    expect(await violations(request({ ...PERSON, email: 'budi at example' }))).toEqual([{ field: 'applicant.email', rule: 'isEmail' }]);
    expect(await violations(request({ ...PERSON, phone: '0812-34' }))).toEqual([{ field: 'applicant.phone', rule: 'matches' }]);
    expect(await violations(request({ ...PERSON, language: 'fr' }))).toEqual([{ field: 'applicant.language', rule: 'isIn' }]);
  });
});
