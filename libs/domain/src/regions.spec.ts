// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import {
  districtOfVillage,
  findProvince,
  formatVillageCode,
  isKotaCode,
  isProvinceCode,
  normalizeVillageCode,
  PROVINCES,
  regencyOfVillage,
  validateVillageCode,
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
});
