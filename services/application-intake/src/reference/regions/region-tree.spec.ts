import { ArgumentMetadata } from '@nestjs/common';
import { PROVINCES, regionDataInfo, validateVillageCode } from '@mpp/domain';
import { createValidationPipe, RequestValidationException } from '@mpp/platform';
import { regionChildren } from './region-tree';
import { RegionsRequest } from './regions.http.controller';

describe('the region tree, one level at a time', () => {
  it('lists the 38 provinces without a parent, with the ODbL attribution', () => {
    const root = regionChildren();
    expect(root).toMatchObject({ parent: null, level: 'PROVINCE', attribution: regionDataInfo().attribution });
    expect(root.items).toHaveLength(38);
    expect(root.items).toEqual(PROVINCES.map(({ code, name }) => ({ code, name })));
    expect(regionChildren('  ')).toEqual(root);
  });

  it('goes province → kabupaten/kota → kecamatan → desa/kelurahan down to Salatiga', () => {
    const regencies = regionChildren('33');
    expect(regencies.level).toBe('REGENCY');
    expect(regencies.items).toContainEqual({ code: '3373', name: 'Kota Salatiga', kind: 'KOTA' });
    expect(regencies.items).toContainEqual({ code: '3314', name: expect.stringMatching(/Sragen/), kind: 'KABUPATEN' });
    expect(regencies.items.every((r) => r.code.startsWith('33') && r.code.length === 4)).toBe(true);

    const districts = regionChildren('33.73');
    expect(districts).toMatchObject({ parent: '3373', level: 'DISTRICT' });
    expect(districts.items.map((d) => d.code)).toContain('337301');
    expect(districts.items.every((d) => d.code.startsWith('3373') && typeof d.name === 'string' && d.name.length > 0)).toBe(true);

    const villages = regionChildren('337301');
    expect(villages).toMatchObject({ parent: '337301', level: 'VILLAGE' });
    expect(villages.items).toContainEqual({ code: '3373011001', kind: 'KELURAHAN' });
    // Every village listed is one the submission accepts as a business address.
    for (const v of villages.items) expect(validateVillageCode(v.code).valid).toBe(true);
    expect(regionChildren('33.73.01')).toEqual(villages);
  });

  it.each([
    ['99', 'knownRegion'],
    ['3399', 'knownRegion'],
    ['337399', 'knownRegion'],
    ['3', 'regionCode'],
    ['3373011001', 'regionCode'],
    ['33-73', 'regionCode'],
    ['abc', 'regionCode'],
  ])('refuses parent %s with a 400 naming parent (%s)', (parent, rule) => {
    const error = (() => {
      try {
        regionChildren(parent);
      } catch (e) {
        return e;
      }
    })() as RequestValidationException;
    expect(error).toBeInstanceOf(RequestValidationException);
    expect(error.violations).toEqual([{ field: 'parent', rule, message: expect.stringContaining('parent') }]);
  });

  it('refuses a parent that is not one string before the use case runs', async () => {
    const pipe = createValidationPipe();
    const metadata: ArgumentMetadata = { type: 'query', metatype: RegionsRequest };
    await expect(pipe.transform({ parent: '3373' }, metadata)).resolves.toMatchObject({ parent: '3373' });
    for (const query of [{ parent: ['33', '34'] }, { parent: 'x'.repeat(21) }, { other: '1' }]) {
      const error = await pipe.transform(query, metadata).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationException);
      expect((error as RequestValidationException).violations[0].field).toMatch(/parent|other/);
    }
  });
});
