import { ArgumentMetadata } from '@nestjs/common';
import { DEFAULT_PERMIT_NUMBER_TEMPLATE } from '@mpp/domain';
import { createValidationPipe, FieldViolation, RequestValidationException } from '@mpp/platform';
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
});
