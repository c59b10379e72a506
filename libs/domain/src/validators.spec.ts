// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import { IsOptional, ValidateNested, validate } from 'class-validator';
import { flattenValidationErrors } from '@mpp/contracts';
import { IsKnownKbli, IsKnownOffice, IsNik, IsNpwp, IsVillageCode } from './validators';

class ApplicantDto {
  @IsNik()
  nik!: string;

  @IsOptional()
  @IsNpwp()
  npwp?: string;
}

class AddressDto {
  @IsVillageCode()
  regionCode!: string;
}

class BusinessDto {
  @IsKnownKbli()
  kbli!: string;

  @ValidateNested()
  address!: AddressDto;
}

class ApplicationDto {
  @IsKnownOffice()
  officeCode!: string;

  @ValidateNested()
  applicant!: ApplicantDto;

  @ValidateNested()
  business!: BusinessDto;
}

function build(overrides: {
  officeCode?: string;
  nik?: string;
  npwp?: string;
  kbli?: string;
  regionCode?: string;
}): ApplicationDto {
  const dto = new ApplicationDto();
  dto.officeCode = overrides.officeCode ?? '3373';
  dto.applicant = Object.assign(new ApplicantDto(), { nik: overrides.nik ?? '3171011708450001', npwp: overrides.npwp });
  dto.business = Object.assign(new BusinessDto(), {
    kbli: overrides.kbli ?? '56102',
    address: Object.assign(new AddressDto(), { regionCode: overrides.regionCode ?? '33.73.01.1001' }),
  });
  return dto;
}

async function messages(dto: ApplicationDto): Promise<string[]> {
  return flattenValidationErrors(await validate(dto)).map((e) => e.message);
}

describe('domain validators', () => {
  it('accept a valid application', async () => {
    expect(await validate(build({ npwp: '01.312.166.0-091.000' }))).toEqual([]);
  });

  it('IsNik names the field and the rule', async () => {
    const errors = await validate(Object.assign(new ApplicantDto(), { nik: '9971011708450001' }));
    expect(errors[0].property).toBe('nik');
    expect(errors[0].constraints).toEqual({
      isNik: 'nik must be a valid NIK (nik.province: unknown province code 99)',
    });
  });

  it('flattenValidationErrors gives the full path', async () => {
    expect(await messages(build({ nik: '9971011708450001' }))).toEqual([
      'applicant.nik must be a valid NIK (nik.province: unknown province code 99)',
    ]);
    const [flat] = flattenValidationErrors(await validate(build({ nik: '317101170845000' })));
    expect(flat).toEqual({
      field: 'applicant.nik',
      rule: 'isNik',
      message: 'applicant.nik must be a valid NIK (nik.length: must be exactly 16 digits, got 15)',
    });
  });

  it('lists every failed NIK rule', async () => {
    expect(await messages(build({ nik: '3171017202900000' }))).toEqual([
      'applicant.nik must be a valid NIK (nik.birthDate: day 72 must be 01–31 (men) or 41–71 (women: day + 40); ' +
        'nik.serial: serial number must not be 0000)',
    ]);
  });

  it('IsNpwp', async () => {
    const [msg] = await messages(build({ npwp: '01.312.166.1-091.000' }));
    expect(msg).toMatch(/^applicant\.npwp must be a valid NPWP \(npwp\.checkDigit: check digit 1 /);
  });

  it('IsKnownKbli', async () => {
    expect(await messages(build({ kbli: '99999' }))).toEqual([
      'business.kbli must be a KBLI code covered by PP 28/2025 (catalogue PP-28-2025-curated-2026.12.01) ' +
        '(kbli.unknown: KBLI 99999 is not covered by PP 28/2025 (rule set PP-28-2025, catalogue PP-28-2025-curated-2026.12.01))',
    ]);
    const [format] = await messages(build({ kbli: '561' }));
    expect(format).toContain('(kbli.format: must be a 5-digit KBLI 2020 code)');
  });

  it('IsKnownOffice', async () => {
    expect(await messages(build({ officeCode: '9999' }))).toEqual([
      'officeCode must be a known MPP office code (office.unknown: no MPP office is registered for code 9999)',
    ]);
  });

  it('IsVillageCode', async () => {
    const [format] = await messages(build({ regionCode: '33.7301.1001' }));
    expect(format).toMatch(/^business\.address\.regionCode must be a Kemendagri village code \(region\.format: /);
    const [province] = await messages(build({ regionCode: '99.73.01.1001' }));
    expect(province).toBe(
      'business.address.regionCode must be a Kemendagri village code (region.province: unknown province code 99)',
    );
  });

  it('IsVillageCode rejects a well-formed village that is not in Kepmendagri 300.2.2-2138/2025', async () => {
    expect(await messages(build({ regionCode: '33.73.01.1099' }))).toEqual([
      'business.address.regionCode must be a Kemendagri village code ' +
        '(region.village: desa/kelurahan 3373011099 is not in Kepmendagri 300.2.2-2138/2025)',
    ]);
    // The codes the end-to-end tests submit exist.
    for (const regionCode of ['33.73.01.1001', '33.14.01.2001', '33.74.01.1001']) {
      expect(await messages(build({ regionCode }))).toEqual([]);
    }
  });

  it('IsNik rejects an unknown kabupaten/kota', async () => {
    expect(await messages(build({ nik: '3399011708450001' }))).toEqual([
      'applicant.nik must be a valid NIK ' +
        '(nik.regency: unknown kabupaten/kota code 3399 (not in Kepmendagri 300.2.2-2138/2025))',
    ]);
  });

  it('handles non-string values without throwing', async () => {
    const dto = build({});
    (dto.applicant as unknown as { nik: unknown }).nik = 3171011708450001;
    (dto as unknown as { officeCode: unknown }).officeCode = undefined;
    const flat = flattenValidationErrors(await validate(dto));
    expect(flat.map((f) => f.field).sort()).toEqual(['applicant.nik', 'officeCode']);
    expect(flat.find((f) => f.field === 'officeCode')?.message).toContain('office.format');
  });

  it('supports { each: true }', async () => {
    class Many {
      @IsNik({ each: true })
      niks!: string[];
    }
    const errors = await validate(Object.assign(new Many(), { niks: ['3171011708450001', '3171011708450000'] }));
    expect(errors[0].constraints?.isNik).toBe('niks must be a valid NIK (nik.serial: serial number must not be 0000)');
  });

  it('honours a custom message', async () => {
    class Custom {
      @IsNik({ message: 'NIK tidak valid' })
      nik!: string;
    }
    const errors = await validate(Object.assign(new Custom(), { nik: '1' }));
    expect(errors[0].constraints?.isNik).toBe('NIK tidak valid');
  });
});
