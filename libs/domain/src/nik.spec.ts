// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import { maskNik, validateNik } from './nik';

// Fixed "today" so that the century decision is deterministic.
const today = new Date('2026-11-15T00:00:00Z');
const rulesOf = (nik: string): string[] => validateNik(nik, { today }).violations.map((v) => v.rule);

describe('validateNik', () => {
  it('accepts the python-stdnum male vector 3171011708450001 (17-08-1945)', () => {
    expect(validateNik('3171011708450001', { today })).toEqual({
      valid: true,
      violations: [],
      warnings: [],
      provinceCode: '31',
      regencyCode: '3171',
      districtCode: '317101',
      birthDate: '1945-08-17',
      gender: 'L',
    });
  });

  it('accepts the female vector 3171015708450001 (day + 40)', () => {
    const r = validateNik('3171015708450001', { today });
    expect(r.valid).toBe(true);
    expect(r.birthDate).toBe('1945-08-17');
    expect(r.gender).toBe('P');
  });

  it('rejects an unknown province (9971011708450001)', () => {
    const r = validateNik('9971011708450001', { today });
    expect(r.valid).toBe(false);
    expect(r.violations).toEqual([{ rule: 'nik.province', message: 'unknown province code 99' }]);
  });

  it('rejects 15 digits with nik.length', () => {
    expect(rulesOf('317101170845000')).toEqual(['nik.length']);
  });

  it('rejects 17 digits with nik.length', () => {
    expect(rulesOf('31710117084500011')).toEqual(['nik.length']);
  });

  it.each(['31710117084500A1', '3171-0117-0845-0001', '3171 0117 0845 0001', '３１７１０１１７０８４５０００１'])(
    'rejects non-digits %p with nik.digits',
    (nik) => {
      expect(rulesOf(nik)).toEqual(['nik.digits']);
    },
  );

  it('rejects non-string input', () => {
    expect(validateNik(3171011708450001 as unknown as string).violations[0].rule).toBe('nik.digits');
  });

  it('rejects 32 February', () => {
    expect(rulesOf('3171013202900001')).toEqual(['nik.birthDate']);
  });

  it('rejects 30 February even for a woman (70)', () => {
    expect(rulesOf('3171017002900001')).toEqual(['nik.birthDate']);
  });

  it('rejects women day 72 (31 + 40 + 1)', () => {
    expect(rulesOf('3171017201900001')).toEqual(['nik.birthDate']);
  });

  it.each(['00', '32', '40'])('rejects day %s', (dd) => {
    expect(rulesOf(`317101${dd}0190` + '0001')).toEqual(['nik.birthDate']);
  });

  it('rejects month 13 and month 00', () => {
    expect(rulesOf('3171011713900001')).toEqual(['nik.birthDate']);
    expect(rulesOf('3171011700900001')).toEqual(['nik.birthDate']);
  });

  it('rejects serial 0000', () => {
    expect(rulesOf('3171011708450000')).toEqual(['nik.serial']);
  });

  it('rejects kab/kota 00', () => {
    expect(rulesOf('3100011708450001')).toEqual(['nik.regency']);
  });

  it('reports several violations at once', () => {
    expect(rulesOf('9900017202900000')).toEqual(['nik.province', 'nik.regency', 'nik.birthDate', 'nik.serial']);
  });

  it('does not reject an unknown kecamatan; 00 is only a warning', () => {
    const r = validateNik('3171991708450001', { today });
    expect(r.valid).toBe(true);
    expect(r.warnings).toEqual([
      'kecamatan 317199 is not in Kepmendagri 300.2.2-2138/2025 (may predate a pemekaran)',
    ]);
    const zero = validateNik('3171001708450001', { today });
    expect(zero.valid).toBe(true);
    expect(zero.warnings).toHaveLength(1);
  });

  describe('kabupaten/kota against Kepmendagri 300.2.2-2138/2025', () => {
    it('rejects a kab/kota code that does not exist', () => {
      const r = validateNik('3399011708450001', { today });
      expect(r.valid).toBe(false);
      expect(r.violations).toEqual([
        { rule: 'nik.regency', message: 'unknown kabupaten/kota code 3399 (not in Kepmendagri 300.2.2-2138/2025)' },
      ]);
      expect(rulesOf('3370011708450001')).toEqual(['nik.regency']); // kota digits 70 are never used
    });

    it('accepts the NIKs of the end-to-end tests (Salatiga, Sragen, Semarang)', () => {
      for (const nik of ['3373014508900001', '3314011203850005', '3374011203850006']) {
        expect(validateNik(nik, { today })).toEqual(expect.objectContaining({ valid: true, warnings: [] }));
      }
    });

    it('accepts a kab/kota code retired by the 2022 Papua split, with a warning (NIKs keep the old code)', () => {
      // 91.01 Kabupaten Merauke became 93.01 (Papua Selatan) in 2022.
      const r = validateNik('9101011708450001', { today });
      expect(r.valid).toBe(true);
      expect(r.warnings).toEqual([
        'kabupaten/kota code 9101 (Kabupaten Merauke) was retired in 2022 (now 9301); a NIK keeps the code of its first registration',
      ]);
      expect(validateNik('9301011708450001', { today }).warnings).toEqual([]); // the new code
    });

    it('accepts a pre-2012 Kalimantan Timur code of Tarakan (now 65.71) with a warning', () => {
      const r = validateNik('6473011708450001', { today });
      expect(r.valid).toBe(true);
      expect(r.warnings[0]).toMatch(/^kabupaten\/kota code 6473 \(Kota Tarakan\) was retired in 2012 \(now 6571\)/);
    });
  });

  describe('century of the 2-digit year', () => {
    it('uses 20xx when that date is not in the future', () => {
      expect(validateNik('3373011505100001', { today }).birthDate).toBe('2010-05-15');
      expect(validateNik('3373011511260001', { today }).birthDate).toBe('2026-11-15'); // born "today"
    });

    it('uses 19xx when the 20xx date would be in the future', () => {
      expect(validateNik('3373011611260001', { today }).birthDate).toBe('1926-11-16');
      expect(validateNik('3373011708450001', { today }).birthDate).toBe('1945-08-17');
    });

    it('29 Feb 00 exists only in 2000 (1900 was not a leap year)', () => {
      expect(validateNik('3373012902000001', { today }).birthDate).toBe('2000-02-29');
      // ... so it is invalid if 2000 is still in the future
      expect(
        validateNik('3373012902000001', { today: new Date('1999-12-31T00:00:00Z') }).violations.map((v) => v.rule),
      ).toEqual(['nik.birthDate']);
    });

    it('29 Feb 96 resolves to 1996 (2096 is in the future)', () => {
      expect(validateNik('3373016902960001', { today }).birthDate).toBe('1996-02-29');
    });
  });

  it('ignores surrounding whitespace', () => {
    expect(validateNik(' 3171011708450001\n', { today }).valid).toBe(true);
  });
});

describe('maskNik', () => {
  it('keeps the region prefix and the last 4 digits', () => {
    expect(maskNik('3171011708450001')).toBe('3171********0001');
  });
});
