import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermitType, RiskLevel } from '@mpp/contracts';
import pp5of2021 from './data/rule-sets/pp-5-2021.json';
import pp28of2025 from './data/rule-sets/pp-28-2025.json';
import { deemedApprovalAt, LATEST_RULE_SET, loadRuleSets, RULE_SETS, ruleSetById, ruleSetFor, RuleSetError } from './rule-sets';

/** A deep copy of a rule-set file to spoil. */
const copy = <T>(file: T): T => JSON.parse(JSON.stringify(file)) as T;

describe('rule sets', () => {
  it('are PP 5/2021 and then PP 28/2025, one after the other, each naming its regulation', () => {
    expect(RULE_SETS.map((s) => [s.id, s.effectiveFrom, s.effectiveUntil])).toEqual([
      ['PP-5-2021', '2021-02-02', '2025-06-05'],
      ['PP-28-2025', '2025-06-05', null],
    ]);
    expect(LATEST_RULE_SET.regulation).toEqual({
      short: 'PP 28/2025',
      title: 'Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko',
      url: 'https://peraturan.bpk.go.id/Details/319773/pp-no-28-tahun-2025',
    });
    expect(LATEST_RULE_SET.transition?.adoptBy).toBe('2025-10-05');
  });

  it('say what each risk level yields and which permits a lapsed deadline deems approved', () => {
    const pp28 = ruleSetById('PP-28-2025');
    expect(pp28.permitsByRisk[RiskLevel.TINGGI]).toEqual([PermitType.NIB, PermitType.IZIN]);
    expect(pp28.deemedApproval.map((d) => [d.risk, d.permit, d.stage])).toEqual([
      [RiskLevel.MENENGAH_TINGGI, PermitType.SERTIFIKAT_STANDAR, 'VERIFICATION'],
      [RiskLevel.TINGGI, PermitType.IZIN, 'APPROVAL'],
    ]);
    expect(deemedApprovalAt(pp28, RiskLevel.MENENGAH_TINGGI, 'VERIFICATION')?.basis).toBe('PP 28/2025 Pasal 225');
    expect(deemedApprovalAt(pp28, RiskLevel.TINGGI, 'VERIFICATION')).toBeUndefined();
    expect(deemedApprovalAt(ruleSetById('PP-5-2021'), RiskLevel.MENENGAH_TINGGI, 'VERIFICATION')).toBeUndefined();
    expect(ruleSetById('PP-5-2021').deemedApproval).toEqual([]);
    expect(() => ruleSetById('PP-1-1999')).toThrow('unknown rule set PP-1-1999; known: PP-5-2021, PP-28-2025');
  });

  it('are documented: docs/rules/rule-sets.md lists every row that is not confirmed for all four scales', () => {
    const page = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'rules', 'rule-sets.md'), 'utf8');
    const listed = new Map([...page.matchAll(/^\| (\d{5}) \|.*\| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => [m[1], [m[2].trim(), m[3].trim()]]));
    for (const [column, set] of RULE_SETS.entries()) {
      for (const row of set.activities) {
        const status = listed.get(row.code)?.[column];
        expect({ ruleSet: set.id, code: row.code, status }).toEqual({
          ruleSet: set.id,
          code: row.code,
          status: row.verified ? 'confirmed' : row.sourcedScales.length ? expect.stringMatching(/^partly: /) : 'unconfirmed',
        });
      }
    }
  });

  describe('the rule set of an application', () => {
    const at = (iso: string) => new Date(iso);
    it('is the one whose dates hold the office\'s local date', () => {
      expect(ruleSetFor(at('2025-06-04T16:59:59Z'), 'Asia/Jakarta').id).toBe('PP-5-2021'); // 23:59:59 WIB, 4 June
      expect(ruleSetFor(at('2025-06-04T17:00:00Z'), 'Asia/Jakarta').id).toBe('PP-28-2025'); // 00:00 WIB, 5 June
      expect(ruleSetFor(at('2025-06-04T16:30:00Z'), 'Asia/Jayapura').id).toBe('PP-28-2025'); // 01:30 WIT, 5 June
      expect(ruleSetFor(at('2026-12-01T03:00:00Z'), 'Asia/Makassar').id).toBe('PP-28-2025');
    });

    it('stays the previous one for an office that switches later in the transition, until the regulation\'s last day', () => {
      const switched = { 'PP-28-2025': '2025-08-01' };
      expect(ruleSetFor(at('2025-07-31T10:00:00Z'), 'Asia/Jakarta', switched).id).toBe('PP-5-2021');
      expect(ruleSetFor(at('2025-08-01T10:00:00Z'), 'Asia/Jakarta', switched).id).toBe('PP-28-2025');
      // A switch date past the transition's end (5 October 2025) does not hold the old rules any longer.
      const late = { 'PP-28-2025': '2026-01-01' };
      expect(ruleSetFor(at('2025-10-04T10:00:00Z'), 'Asia/Jakarta', late).id).toBe('PP-5-2021');
      expect(ruleSetFor(at('2025-10-05T10:00:00Z'), 'Asia/Jakarta', late).id).toBe('PP-28-2025');
    });

    it('does not exist before the first rule set', () => {
      expect(() => ruleSetFor(at('2020-01-01T00:00:00Z'), 'Asia/Jakarta')).toThrow('no rule set applies on 2020-01-01; the first begins 2021-02-02');
    });
  });

  describe('a bad rule-set file stops the start, naming the row', () => {
    const load = (spoil: (pp5: typeof pp5of2021, pp28: typeof pp28of2025) => void) => () => {
      const [a, b] = [copy(pp5of2021), copy(pp28of2025)];
      spoil(a, b);
      return loadRuleSets([a, b]);
    };

    it('the files as they are load', () => {
      expect(load(() => undefined)().map((s) => s.id)).toEqual(['PP-5-2021', 'PP-28-2025']);
    });

    it('an activity without a source', () => {
      expect(
        load((_, pp28) => {
          (pp28.activities[3] as { source?: string }).source = ' ';
        }),
      ).toThrow(new RuleSetError(`rule set PP-28-2025: the source of activity ${pp28of2025.activities[3].code} is missing`));
      expect(
        load((pp5) => {
          delete (pp5.activities[0].parameterRules?.[0] as { source?: string }).source;
        }),
      ).toThrow('rule set PP-5-2021: the source of activity 01191, parameterRules[0] is missing');
      expect(load((_, pp28) => delete (pp28 as { permitsSource?: string }).permitsSource)).toThrow('rule set PP-28-2025: permitsSource is missing');
    });

    it('overlapping or missing effective dates', () => {
      expect(load((pp5) => (pp5.effectiveUntil = '2025-07-01'))).toThrow('rule set PP-5-2021 (until 2025-07-01) overlaps rule set PP-28-2025 from 2025-06-05');
      expect(load((pp5) => delete (pp5 as { effectiveUntil?: string }).effectiveUntil)).toThrow(
        'rule set PP-5-2021 (from 2021-02-02, no end) overlaps rule set PP-28-2025 from 2025-06-05',
      );
      expect(load((pp5) => (pp5.effectiveUntil = '2025-06-01'))).toThrow('rule set PP-5-2021 ends 2025-06-01 but rule set PP-28-2025 begins only 2025-06-05');
      expect(load((_, pp28) => (pp28.effectiveFrom = '5 Juni 2025'))).toThrow('rule set PP-28-2025: effectiveFrom must be a date YYYY-MM-DD');
      expect(load((_, pp28) => (pp28.id = 'PP-5-2021'))).toThrow('rule set PP-5-2021 appears twice');
    });

    it('an unknown permit type, risk level or scale', () => {
      expect(load((_, pp28) => (pp28.permitsByRisk.TINGGI = ['NIB', 'IZIN_LOKASI']))).toThrow('rule set PP-28-2025: permitsByRisk.TINGGI: unknown permit type "IZIN_LOKASI"');
      expect(load((_, pp28) => (pp28.deemedApproval[0].permit = 'IZIN'))).toThrow('rule set PP-28-2025: deemedApproval[0]: IZIN is not a permit of MENENGAH_TINGGI');
      expect(
        load((_, pp28) => {
          (pp28.activities[5].risk as Record<string, string>).KECIL = 'SEDANG';
        }),
      ).toThrow(`rule set PP-28-2025: activity ${pp28of2025.activities[5].code}: risk.KECIL: unknown risk level "SEDANG"`);
      expect(load((_, pp28) => (pp28.activities[7].code = pp28of2025.activities[6].code))).toThrow(
        `rule set PP-28-2025: activity ${pp28of2025.activities[6].code} appears twice`,
      );
    });
  });
});
