// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import { BusinessScale, RiskLevel } from '@mpp/contracts';
import { DomainRuleError } from './errors';
import {
  findKbli,
  KBLI_CATALOGUE,
  KBLI_CATALOGUE_VERSION,
  kbliCodeViolations,
  riskLevelFor,
  searchKbli,
} from './kbli';

const SCALES = Object.values(BusinessScale);
const LEVELS = Object.values(RiskLevel);

describe('KBLI catalogue', () => {
  it('has a version string', () => {
    expect(KBLI_CATALOGUE_VERSION).toBe('KBLI2020-curated-2026.11');
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
      // verified ⇔ every scale is sourced; unsourced rows must say they are assumptions
      expect(e.verified).toBe(SCALES.every((s) => e.sourcedScales.includes(s)));
      if (!e.verified) expect(e.source).toMatch(/assumption/);
    }
  });

  it('covers every risk level for usaha mikro', () => {
    expect(riskLevelFor('47112', BusinessScale.MIKRO)).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('10710', BusinessScale.MIKRO)).toBe(RiskLevel.MENENGAH_RENDAH);
    expect(riskLevelFor('86105', BusinessScale.MIKRO)).toBe(RiskLevel.MENENGAH_TINGGI);
    expect(riskLevelFor('47721', BusinessScale.MIKRO)).toBe(RiskLevel.TINGGI);
  });

  it('uses the sourced rows of domain-rules §2.2', () => {
    expect(riskLevelFor('01411', BusinessScale.KECIL)).toBe(RiskLevel.RENDAH);
    expect(riskLevelFor('01411', BusinessScale.MENENGAH)).toBe(RiskLevel.TINGGI);
    expect(findKbli('01411')?.verified).toBe(true);
    expect(riskLevelFor('82920', BusinessScale.MIKRO)).toBe(RiskLevel.TINGGI);
    expect(riskLevelFor('52215', BusinessScale.MIKRO)).toBe(RiskLevel.MENENGAH_TINGGI);
    expect(findKbli('86105')?.sourcedScales).toEqual([BusinessScale.MIKRO]);
  });

  it('describes parameter-dependent rules for restaurants', () => {
    expect(findKbli('56101')?.parameterRules?.[0].parameter).toBe('seats');
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
    expect(searchKbli('561').map((e) => e.code)).toEqual(['56101', '56102']);
  });

  it('matches title substrings case-insensitively', () => {
    expect(searchKbli('KAFE').map((e) => e.code)).toEqual(['56303']);
    expect(searchKbli('reparasi').map((e) => e.code)).toEqual(['45405', '95230']);
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
