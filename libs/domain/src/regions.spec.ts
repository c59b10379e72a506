// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import { decodeVillageSuffixes } from './region-data';
import {
  districtOfVillage,
  findDistrict,
  findProvince,
  findRegency,
  findRetiredRegency,
  formatVillageCode,
  isKotaCode,
  isProvinceCode,
  isVillageCode,
  listDistricts,
  listRegencies,
  listVillageCodes,
  normalizeDistrictCode,
  normalizeRegencyCode,
  normalizeVillageCode,
  PROVINCES,
  regencyOfVillage,
  regionDataInfo,
  RETIRED_REGENCY_CODES,
  validateVillageCode,
  villageExists,
  villageKind,
} from './regions';

describe('provinces', () => {
  it('lists the 38 provinces of Kepmendagri 300.2.2-2138/2025 with unique codes', () => {
    expect(PROVINCES).toHaveLength(38);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(38);
    for (const p of PROVINCES) expect(p.code).toMatch(/^\d{2}$/);
  });

  it('uses Kemendagri (not BPS) numbering for the Papua provinces', () => {
    expect(['91', '92', '93', '94', '95', '96'].map((c) => findProvince(c)?.name)).toEqual([
      'Papua',
      'Papua Barat',
      'Papua Selatan',
      'Papua Tengah',
      'Papua Pegunungan',
      'Papua Barat Daya',
    ]);
    expect(isProvinceCode('97')).toBe(false);
  });

  it('isProvinceCode', () => {
    expect(isProvinceCode('33')).toBe(true);
    expect(isProvinceCode('65')).toBe(true);
    expect(isProvinceCode('20')).toBe(false);
    expect(isProvinceCode('99')).toBe(false);
    expect(isProvinceCode('3')).toBe(false);
    expect(isProvinceCode(33)).toBe(false);
  });
});

describe('normalizeVillageCode', () => {
  it.each([
    ['3373011001', '3373011001'],
    ['33.73.01.1001', '3373011001'],
    ['  33.73.01.1001 ', '3373011001'],
    ['32.73.11.1004', '3273111004'],
  ])('%p → %p', (input, expected) => {
    expect(normalizeVillageCode(input)).toBe(expected);
  });

  it.each([
    '337301100', // 9 digits
    '33730110011', // 11 digits
    '3373.01.1001', // missing dot
    '337.30.11.001', // dots in the wrong places
    '33.73.01.1001.', // trailing dot
    '33-73-01-1001', // dashes
    '33.7301.1001', // partly dotted
    '33 73 01 1001',
    'abcdefghij',
    '',
  ])('rejects %p', (input) => {
    expect(normalizeVillageCode(input)).toBeNull();
  });

  it('rejects non-strings', () => {
    expect(normalizeVillageCode(3373011001 as unknown as string)).toBeNull();
  });
});

describe('region helpers', () => {
  it('derives regency, district and formatted code', () => {
    expect(regencyOfVillage('3373011001')).toBe('3373');
    expect(districtOfVillage('3373011001')).toBe('337301');
    expect(formatVillageCode('3373011001')).toBe('33.73.01.1001');
  });

  it('isKotaCode: 3rd–4th digits 71–99', () => {
    expect(isKotaCode('3373')).toBe(true); // Kota Salatiga
    expect(isKotaCode('3371')).toBe(true);
    expect(isKotaCode('3399')).toBe(true);
    expect(isKotaCode('3314')).toBe(false); // Kabupaten Sragen
    expect(isKotaCode('3370')).toBe(false);
    expect(isKotaCode('33731')).toBe(false);
    expect(isKotaCode('33a3')).toBe(false);
  });

  it('villageKind', () => {
    expect(villageKind('3373011001')).toBe('KELURAHAN');
    expect(villageKind('3314012001')).toBe('DESA');
    expect(villageKind('5103013001')).toBe('DESA_ADAT');
    expect(villageKind('3373014001')).toBeUndefined();
  });
});

describe('validateVillageCode', () => {
  it('accepts a valid dotted code', () => {
    expect(validateVillageCode('33.73.01.1001')).toEqual({ valid: true, normalized: '3373011001', violations: [] });
  });

  it.each([
    ['33730110', 'region.format'],
    ['9973011001', 'region.province'],
    ['3300011001', 'region.regency'],
    ['3373001001', 'region.district'],
    ['3373015001', 'region.village'],
    ['3373011000', 'region.village'],
  ])('%p fails %s', (input, rule) => {
    const result = validateVillageCode(input);
    expect(result.valid).toBe(false);
    expect(result.violations.map((v) => v.rule)).toContain(rule);
  });

  it.each([
    ['3399011001', 'region.regency', 'kabupaten/kota 3399 is not in Kepmendagri 300.2.2-2138/2025'],
    ['3373991001', 'region.district', 'kecamatan 337399 is not in Kepmendagri 300.2.2-2138/2025'],
    ['33.73.01.1099', 'region.village', 'desa/kelurahan 3373011099 is not in Kepmendagri 300.2.2-2138/2025'],
    // Sragen 33.14.01 (Kalijambe) has desa 2001–2014 only: no kelurahan 1001.
    ['3314011001', 'region.village', 'desa/kelurahan 3314011001 is not in Kepmendagri 300.2.2-2138/2025'],
  ])('%p is well-formed but unknown: only %s', (input, rule, message) => {
    expect(validateVillageCode(input)).toEqual({ valid: false, normalized: input.replace(/\./g, ''), violations: [{ rule, message }] });
  });

  it('can skip the existence check', () => {
    expect(validateVillageCode('3373011099', { existence: false }).valid).toBe(true);
    expect(validateVillageCode('3373015001', { existence: false }).valid).toBe(false);
  });

  it.each(['33.73.01.1001', '33.14.01.2001', '33.74.01.1001'])('the end-to-end village %p exists', (code) => {
    expect(validateVillageCode(code).valid).toBe(true);
  });
});

describe('Kemendagri 2025 code list (data/regions-2025.json)', () => {
  it('names its source, licence and generation date', () => {
    const info = regionDataInfo();
    expect(info.source).toBe('Kepmendagri 300.2.2-2138/2025 via idn-area-data 4.0.1');
    expect(info.license).toBe('ODbL-1.0');
    expect(info.licenseUrl).toBe('https://opendatacommons.org/licenses/odbl/1-0/');
    expect(info.attribution).toContain('Open Database License');
    expect(info.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has the counts of the Kepmendagri (docs/rules/regions.md)', () => {
    expect(regionDataInfo().counts).toEqual({
      provinces: 38,
      regencies: 514,
      kabupaten: 416,
      kota: 98,
      districts: 7285,
      villages: 83762,
      kelurahan: 8496,
      desa: 75252,
      desaAdat: 14,
    });
  });

  it('has the same 38 province codes as PROVINCES', () => {
    const codes = PROVINCES.map((p) => p.code);
    expect(codes.flatMap((c) => listRegencies(c)).length).toBe(514);
    for (const c of codes) expect(listRegencies(c).length).toBeGreaterThan(0);
    expect(listRegencies('97')).toEqual([]);
  });

  it('findRegency / findDistrict accept bare and dotted codes', () => {
    expect(findRegency('3373')).toEqual({ code: '3373', name: 'Kota Salatiga', provinceCode: '33', kind: 'KOTA' });
    expect(findRegency('33.14')).toEqual({ code: '3314', name: 'Kabupaten Sragen', provinceCode: '33', kind: 'KABUPATEN' });
    expect(findRegency('3399')).toBeUndefined();
    expect(findRegency('9101')).toBeUndefined(); // retired
    expect(findRegency('337')).toBeUndefined();
    expect(findRegency(3373 as unknown as string)).toBeUndefined();
    expect(findDistrict('33.73.01')).toEqual({ code: '337301', name: 'Sidorejo', regencyCode: '3373', provinceCode: '33' });
    expect(findDistrict('337399')).toBeUndefined();
    expect(normalizeRegencyCode(' 33.73 ')).toBe('3373');
    expect(normalizeDistrictCode('33.7301')).toBeNull();
  });

  it('every seeded office regency exists', () => {
    for (const code of ['3273', '3314', '3372', '3373', '3510', '6571', '7371']) expect(findRegency(code)).toBeDefined();
  });

  it('lists districts and villages', () => {
    expect(listDistricts('3373').map((d) => d.name)).toEqual(['Sidorejo', 'Tingkir', 'Argomulyo', 'Sidomukti']);
    expect(listVillageCodes('33.73.01')).toEqual(['3373011001', '3373011002', '3373011003', '3373011004', '3373011005', '3373011006']);
    expect(listVillageCodes('337399')).toEqual([]);
  });

  it('villageExists / isVillageCode', () => {
    expect(villageExists('33.73.01.1001')).toBe(true);
    expect(villageExists('3373011001')).toBe(true);
    expect(villageExists('3373011007')).toBe(false);
    expect(villageExists('33.14.01.2001')).toBe(true);
    expect(villageExists('3314011001')).toBe(false);
    expect(villageExists('not a code')).toBe(false);
    expect(isVillageCode('33.74.01.1001')).toBe(true);
    expect(isVillageCode(3374011001)).toBe(false);
    expect(isVillageCode(undefined)).toBe(false);
    // the 14 desa adat of the list are in Kabupaten Jayapura, e.g. Desa Adat Yoboi
    expect(villageExists('91.03.01.3007')).toBe(true);
    expect(villageKind('9103013007')).toBe('DESA_ADAT');
  });

  it('decodes village suffix ranges', () => {
    expect(decodeVillageSuffixes('1001-1003,2001,2005-2006')).toEqual(['1001', '1002', '1003', '2001', '2005', '2006']);
    expect(decodeVillageSuffixes('')).toEqual([]);
  });

  it('retired regency codes are gone from the 2025 list and point to an existing successor of the same name', () => {
    for (const r of RETIRED_REGENCY_CODES) {
      expect(findRegency(r.code)).toBeUndefined();
      expect(findRegency(r.successor)?.name).toBe(r.name);
      expect(findRetiredRegency(r.code)).toBe(r);
    }
    expect(findRetiredRegency('3373')).toBeUndefined();
  });
});
