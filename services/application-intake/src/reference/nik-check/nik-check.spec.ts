import { ArgumentMetadata } from '@nestjs/common';
import { validateNik } from '@mpp/domain';
import { createValidationPipe, RequestValidationException } from '@mpp/platform';
import { checkNik } from './nik-check';
import { NikCheckRequest } from './nik-check.http.controller';

describe('the NIK check as typed', () => {
  it('passes a well-formed NIK and names the kab/kota of first registration, nothing of the birth date', () => {
    const check = checkNik('3373011708900001');
    expect(check).toEqual({ valid: true, problems: [], warnings: [], regencyName: 'Kota Salatiga' });
    expect(JSON.stringify(check)).not.toMatch(/1990|gender|birth/i);
  });

  it.each([
    ['337301170890', 'nik.length'],
    ['33730117089000012', 'nik.length'],
    ['3373-0117089000', 'nik.digits'],
    ['9973011708900001', 'nik.province'],
    ['3399011708900001', 'nik.regency'],
    ['3373013213900001', 'nik.birthDate'],
    ['3373011708900000', 'nik.serial'],
  ])('names the rule %s breaks: %s', (nik, rule) => {
    const check = checkNik(nik);
    expect(check.valid).toBe(false);
    expect(check.problems.map((p) => p.rule)).toContain(rule);
    expect(check.problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it('agrees with the rule the submission applies (validateNik behind IsNik) for every NIK it is given', () => {
    for (const nik of ['3373011708900001', '3373015708900001', '3373017108900001', '9101011708900001', '0000000000000000', '', ' 3373011708900001 ']) {
      expect({ nik, valid: checkNik(nik).valid }).toEqual({ nik, valid: validateNik(nik).valid });
    }
  });

  it('takes the NIK in a JSON body of one string; anything else is a 400 naming nik', async () => {
    const pipe = createValidationPipe();
    const metadata: ArgumentMetadata = { type: 'body', metatype: NikCheckRequest };
    await expect(pipe.transform({ nik: '3373011708900001' }, metadata)).resolves.toBeInstanceOf(NikCheckRequest);
    for (const body of [{}, { nik: 3373011708900001 }, { nik: ['3373011708900001'] }, { nik: '1'.repeat(33) }]) {
      const error = await pipe.transform(body, metadata).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationException);
      expect((error as RequestValidationException).violations.map((v) => v.field)).toContain('nik');
    }
  });
});
