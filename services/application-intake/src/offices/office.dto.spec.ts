import { ArgumentMetadata } from '@nestjs/common';
import { DEFAULT_PERMIT_NUMBER_TEMPLATE } from '@mpp/domain';
import { createValidationPipe, FieldViolation, RequestValidationException } from '@mpp/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OfficeConfiguredV1 } from '@mpp/contracts';
import { CreateOfficeRequest, UpdateOfficeRequest } from './office.dto';

/** The office request bodies as the service's validation pipe checks them (400 before the use case runs). */
describe('office requests', () => {
  const pipe = createValidationPipe();
  const violations = async (metatype: ArgumentMetadata['metatype'], body: object): Promise<FieldViolation[]> => {
    const error = await pipe.transform(body, { type: 'body', metatype }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error === undefined) return [];
    expect(error).toBeInstanceOf(RequestValidationException);
    return (error as RequestValidationException).violations;
  };

  it.each([
    ['update', UpdateOfficeRequest, {}],
    ['create', CreateOfficeRequest, { code: '3471', name: 'DPMPTSP Kota Yogyakarta' }],
  ])('%s: refuses a number template without {office}, naming the field and the rule', async (_name, metatype, base) => {
    expect(await violations(metatype, { ...base, permitNumberTemplate: '503/{seq:4}/{type}/DPMPTSP/{year}' })).toEqual([
      {
        field: 'permitNumberTemplate',
        rule: 'isPermitNumberTemplate',
        message: expect.stringContaining("permitNumberTemplate.office: must contain {office}, so one office's numbers never collide"),
      },
    ]);
  });

  it('accepts the default template and a regional one with the office', async () => {
    expect(await violations(UpdateOfficeRequest, { permitNumberTemplate: DEFAULT_PERMIT_NUMBER_TEMPLATE })).toEqual([]);
    expect(await violations(UpdateOfficeRequest, { permitNumberTemplate: '503/{seq:4}/{type}/DPMPTSP-{office}/{year}' })).toEqual([]);
  });

  // Found by the hostile-input suite: null passed IsOptional and reached the use case (a 500 on null.trim and
  // null.match); a blank name was stored and its OfficeConfigured dead-lettered by verification and issuance.
  it.each([
    ['update', UpdateOfficeRequest, {}],
    ['create', CreateOfficeRequest, { code: '3471', name: 'DPMPTSP Kota Yogyakarta' }],
  ])('%s: refuses null for every optional property, naming it', async (_name, metatype, base) => {
    for (const field of ['address', 'timezone', 'permitNumberTemplate', 'serviceLevels', 'calendar', 'active']) {
      const named = (await violations(metatype, { ...base, [field]: null })).map((v) => v.field);
      expect({ field, named: named.includes(field) }).toEqual({ field, named: true });
    }
    expect((await violations(UpdateOfficeRequest, { name: null })).map((v) => v.field)).toContain('name');
  });

  it.each(['', '   ', '\t\u00a0', 'DPMPTSP\u0007'])('refuses the office name %j, as OfficeConfigured would', async (name) => {
    expect((await violations(UpdateOfficeRequest, { name })).map((v) => v.field)).toEqual(['name']);
    expect((await violations(CreateOfficeRequest, { code: '3471', name })).map((v) => v.field)).toEqual(['name']);
  });

  it('trims name and address once, so the event carries what was validated', async () => {
    const body = (await createValidationPipe().transform(
      { name: '  DPMPTSP Kota Salatiga ', address: ' Jl. Letjend Sukowati No. 51 ' },
      { type: 'body', metatype: UpdateOfficeRequest },
    )) as UpdateOfficeRequest;
    expect(body).toMatchObject({ name: 'DPMPTSP Kota Salatiga', address: 'Jl. Letjend Sukowati No. 51' });
    const event = plainToInstance(OfficeConfiguredV1, {
      officeId: '00000000-0000-4000-8000-000000000001',
      code: '3373',
      name: body.name,
      address: body.address,
      timezone: 'Asia/Jakarta',
      permitNumberTemplate: DEFAULT_PERMIT_NUMBER_TEMPLATE,
      serviceLevels: { verificationDays: 5, approvalDays: 5 },
      calendar: { weekendDays: [0, 6], holidays: [] },
      active: true,
      revision: 2,
    });
    expect(validateSync(event)).toEqual([]);
  });
});
