// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import { BusinessScale, RiskLevel } from '@mpp/contracts';
import { DomainRuleError } from './errors';
import {
  assessRisk,
  findKbli,
  KBLI_CATALOGUE,
  KBLI_CATALOGUE_VERSION,
  kbliCodeViolations,
  KbliParameters,
  riskLevelFor,
  searchKbli,
} from './kbli';
import { LATEST_RULE_SET, ruleSetById } from './rule-sets';

const PP5 = ruleSetById('PP-5-2021');

const SCALES = Object.values(BusinessScale);
const LEVELS = Object.values(RiskLevel);

describe('KBLI catalogue', () => {
  it('is the latest rule set\'s, with its version string', () => {
    expect(KBLI_CATALOGUE_VERSION).toBe('PP-28-2025-curated-2026.12.01');
    expect(KBLI_CATALOGUE).toBe(LATEST_RULE_SET.activities);
  });

  it('has at least 30 rows, unique 5-digit codes, every scale present and a source on every row', () => {
    expect(KBLI_CATALOGUE.length).toBeGreaterThanOrEqual(30);
    const codes = KBLI_CATALOGUE.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes); // ordered by code
    for (const e of KBLI_CATALOGUE) {
      expect(e.code).toMatch(/^\d{5}$/);
      expect(Object.keys(e.risk).sort()).toEqual([...SCALES].sort());
      expect(e.source.trim()).not.toBe('');
      expect(typeof e.verified).toBe('boolean');
    }
  });

  it('has well-formed, unique entries with a risk level for every scale', () => {
    expect(KBLI_CATALOGUE.length).toBeGreaterThanOrEqual(15);
    const codes = KBLI_CATALOGUE.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of KBLI_CATALOGUE) {
      expect(e.code).toMatch(/^\d{5}$/);
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.source.length).toBeGreaterThan(0);
      for (const s of SCALES) expect(LEVELS).toContain(e.risk[s]);
      // verified ⇔ every scale is sourced; unsourced rows must say they are assumptions or unchecked
      expect(e.verified).toBe(SCALES.every((s) => e.sourcedScales.includes(s)));
      if (!e.verified) expect(e.source).toMatch(/assumption|not checked/);
    }
  });

  it('covers every risk level for usaha mikro', () => {
    expect(riskLevelFor('47112', BusinessScale.MIKRO)).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('10710', BusinessScale.MIKRO)).toBe(RiskLevel.MENENGAH_RENDAH);
    expect(riskLevelFor('86105', BusinessScale.MIKRO)).toBe(RiskLevel.MENENGAH_TINGGI);
    expect(riskLevelFor('47721', BusinessScale.MIKRO)).toBe(RiskLevel.TINGGI);
  });

  it('uses the sourced rows of the PP 5/2021 catalogue (docs/rules/kbli.md)', () => {
    expect(riskLevelFor('01411', BusinessScale.KECIL, undefined, PP5)).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('01411', BusinessScale.MENENGAH, undefined, PP5)).toBe(RiskLevel.TINGGI);
    expect(findKbli('01411', PP5)?.verified).toBe(true);
    expect(riskLevelFor('82920', BusinessScale.MIKRO, undefined, PP5)).toBe(RiskLevel.TINGGI);
    expect(riskLevelFor('52215', BusinessScale.MIKRO, undefined, PP5)).toBe(RiskLevel.MENENGAH_TINGGI);
    expect(findKbli('86105', PP5)?.sourcedScales).toEqual([BusinessScale.MIKRO]);
  });

  it('marks every PP 28/2025 row unconfirmed: the values are carried over from PP 5/2021 until Lampiran I is checked', () => {
    for (const row of LATEST_RULE_SET.activities) {
      expect(row.sourcedScales).toEqual([]);
      expect(row.source).toMatch(/^PP 28\/2025 Lampiran I not checked/);
      expect(row.risk).toEqual(findKbli(row.code, PP5)?.risk);
    }
  });

  it('describes parameter-dependent rules for restaurants', () => {
    expect(findKbli('56101')?.parameterRules?.[0].parameter).toBe('seats');
  });

  it('covers the common UMKM activities', () => {
    for (const code of [
      '56101', '56102', '56103', '56303', '56210', '10710', '10750', '10793', '11040', '96200', '14120', '14111',
      '96111', '96112', '47112', '47111', '47911', '95120', '95110', '45407', '45201', '86105', '47721', '47722',
      '52215', '82190', '74201', '82302', '55900', '55130', '79111', '62019', '85495', '32903', '31001', '01411',
    ]) {
      expect(findKbli(code)).toBeDefined();
    }
  });

  it('parameter rules are well-formed: known parameter, unit, ascending bands, last band open, every scale', () => {
    const rules = KBLI_CATALOGUE.flatMap((e) => e.parameterRules ?? []);
    expect(rules.map((r) => r.parameter).sort()).toEqual(['landAreaHa', 'rooms', 'seats']);
    for (const rule of rules) {
      expect(rule.unit).not.toBe('');
      expect(rule.source).not.toBe('');
      if (!rule.verified) expect(rule.source).toMatch(/assumption/);
      const bands = rule.ranges;
      expect(bands.length).toBeGreaterThanOrEqual(2);
      expect(bands[bands.length - 1].upTo).toBeUndefined();
      for (let i = 0; i < bands.length; i++) {
        for (const s of SCALES) expect(LEVELS).toContain(bands[i].risk[s]);
        if (i > 0 && i < bands.length - 1) expect(bands[i].upTo as number).toBeGreaterThan(bands[i - 1].upTo as number);
      }
    }
  });

  it('entries are immutable', () => {
    const e = findKbli('47112');
    expect(e).toBeDefined();
    expect(() => {
      (e?.risk as Record<BusinessScale, RiskLevel>)[BusinessScale.MIKRO] = RiskLevel.TINGGI;
    }).toThrow(TypeError);
  });
});

describe('findKbli / searchKbli', () => {
  it('finds by exact code, trimming whitespace', () => {
    expect(findKbli(' 56303 ')?.title).toBe('Rumah Minum/Kafe');
    expect(findKbli('99999')).toBeUndefined();
    expect(findKbli('5630')).toBeUndefined();
  });

  it('matches code prefixes', () => {
    expect(searchKbli('561').map((e) => e.code)).toEqual(['56101', '56102', '56103', '56104']);
  });

  it('matches title substrings case-insensitively', () => {
    expect(searchKbli('KAFE').map((e) => e.code)).toEqual(['56303']);
    expect(searchKbli('reparasi').map((e) => e.code)).toEqual(['45201', '45407', '95110', '95120', '95230']);
    expect(searchKbli('kelontong')).toEqual([]); // titles are KBLI titles, not colloquial names
  });

  it('returns everything for an empty query and nothing for a miss', () => {
    expect(searchKbli('')).toHaveLength(KBLI_CATALOGUE.length);
    expect(searchKbli(undefined)).toHaveLength(KBLI_CATALOGUE.length);
    expect(searchKbli('tambang batu bara')).toEqual([]);
  });
});

describe('riskLevelFor errors', () => {
  it('throws DomainRuleError kbli.unknown for unknown codes', () => {
    expect(() => riskLevelFor('99999', BusinessScale.MIKRO)).toThrow(DomainRuleError);
    expect(() => riskLevelFor('99999', BusinessScale.MIKRO)).toThrow(
      expect.objectContaining({ field: 'kbli', rule: 'kbli.unknown' }),
    );
  });

  it('throws kbli.format for malformed codes', () => {
    expect(() => riskLevelFor('5610', BusinessScale.MIKRO)).toThrow(expect.objectContaining({ rule: 'kbli.format' }));
  });

  it('throws scale.unknown for an invalid scale', () => {
    expect(() => riskLevelFor('56101', 'RAKSASA' as BusinessScale)).toThrow(
      expect.objectContaining({ rule: 'scale.unknown' }),
    );
  });

  it('kbliCodeViolations reports format and unknown codes', () => {
    expect(kbliCodeViolations('56101')).toEqual([]);
    expect(kbliCodeViolations('abc')[0].rule).toBe('kbli.format');
    expect(kbliCodeViolations(56101)[0].rule).toBe('kbli.format');
    expect(kbliCodeViolations('99999')[0].rule).toBe('kbli.unknown');
  });
});

describe('riskLevelFor with parameters', () => {
  const { MIKRO, KECIL, MENENGAH, BESAR } = BusinessScale;

  it('keeps the default row when no parameter is given or none applies', () => {
    expect(riskLevelFor('56101', MIKRO)).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('56101', MIKRO, {})).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('56101', MIKRO, { rooms: 200 })).toBe(RiskLevel.RENDAH); // restaurants have no rooms rule
    expect(riskLevelFor('47112', MIKRO, { seats: 500 })).toBe(RiskLevel.RENDAH); // no rule at all
  });

  it('restaurants by seats: the band upper bound is inclusive', () => {
    expect(riskLevelFor('56101', MIKRO, { seats: 50 })).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('56101', MIKRO, { seats: 51 })).toBe(RiskLevel.MENENGAH_RENDAH);
    expect(riskLevelFor('56101', KECIL, { seats: 0 })).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('56101', BESAR, { seats: 10 })).toBe(RiskLevel.MENENGAH_RENDAH);
  });

  it('boarding houses by rooms, farms by land area', () => {
    expect(riskLevelFor('55900', MIKRO, { rooms: 10 })).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('55900', MIKRO, { rooms: 11 })).toBe(RiskLevel.MENENGAH_RENDAH);
    expect(riskLevelFor('01191', KECIL, { landAreaHa: 24.5 })).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('01191', MENENGAH, { landAreaHa: 30 })).toBe(RiskLevel.MENENGAH_RENDAH);
  });

  it('assessRisk tells the basis and whether the value is sourced', () => {
    expect(assessRisk('56102', MIKRO, undefined, PP5)).toEqual(
      expect.objectContaining({ kbli: '56102', level: RiskLevel.RENDAH, basis: 'DEFAULT', sourced: true, ruleSet: 'PP-5-2021' }),
    );
    expect(assessRisk('56102', KECIL, undefined, PP5).sourced).toBe(false);
    expect(assessRisk('01411', MENENGAH, undefined, PP5)).toEqual(
      expect.objectContaining({ level: RiskLevel.TINGGI, basis: 'DEFAULT', sourced: true, catalogueVersion: 'KBLI2020-curated-2026.11.28' }),
    );
    expect(assessRisk('01411', MENENGAH)).toEqual(
      expect.objectContaining({ level: RiskLevel.TINGGI, sourced: false, ruleSet: 'PP-28-2025', catalogueVersion: KBLI_CATALOGUE_VERSION }),
    );
    expect(assessRisk('56101', MIKRO, { seats: 80 })).toEqual(
      expect.objectContaining({
        level: RiskLevel.MENENGAH_RENDAH,
        basis: 'PARAMETER',
        parameters: { seats: 80 },
        sourced: false,
      }),
    );
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '12' as unknown as number])(
    'rejects parameter value %p with kbli.parameter',
    (seats) => {
      expect(() => riskLevelFor('56101', MIKRO, { seats } as KbliParameters)).toThrow(
        expect.objectContaining({ field: 'parameters.seats', rule: 'kbli.parameter' }),
      );
    },
  );

  it('still validates code and scale first', () => {
    expect(() => riskLevelFor('99999', MIKRO, { seats: 10 })).toThrow(expect.objectContaining({ rule: 'kbli.unknown' }));
    expect(() => riskLevelFor('56101', 'RAKSASA' as BusinessScale, { seats: 10 })).toThrow(
      expect.objectContaining({ rule: 'scale.unknown' }),
    );
  });
});
