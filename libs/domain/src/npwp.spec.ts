// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import { formatNpwp, luhnValid, validateNpwp } from './npwp';

const today = new Date('2026-11-15T00:00:00Z');

describe('validateNpwp', () => {
  it.each([
    ['01.312.166.0-091.000', '013121660091000'],
    ['02.183.241.5-000.000', '021832415000000'],
    ['016090524017000', '016090524017000'],
  ])('accepts the 15-digit vector %p', (input, normalized) => {
    expect(validateNpwp(input)).toEqual({ valid: true, normalized, kind: 'NPWP15', violations: [] });
  });

  it('fails a wrong check digit', () => {
    const r = validateNpwp('01.312.166.1-091.000');
    expect(r.valid).toBe(false);
    expect(r.kind).toBe('NPWP15');
    expect(r.violations.map((v) => v.rule)).toEqual(['npwp.checkDigit']);
  });

  it('fails a single transposition error in the serial', () => {
    expect(validateNpwp('01.321.166.0-091.000').valid).toBe(false);
  });

  it('accepts a 16-digit NPWP = "0" + legacy 15 digits', () => {
    expect(validateNpwp('0013121660091000')).toMatchObject({ valid: true, kind: 'NPWP16' });
    expect(validateNpwp('0021.8324.1500.0000').valid).toBe(true);
  });

  it('fails a 16-digit NPWP with a wrong check digit', () => {
    expect(validateNpwp('0013121661091000')).toMatchObject({ valid: false, kind: 'NPWP16' });
  });

  it('validates a 16-digit number not starting with 0 as a NIK (PMK 112/2022)', () => {
    expect(validateNpwp('3171011708450001', { today })).toMatchObject({ valid: true, kind: 'NIK', violations: [] });
    const bad = validateNpwp('9971011708450001', { today });
    expect(bad).toMatchObject({ valid: false, kind: 'NIK' });
    expect(bad.violations.map((v) => v.rule)).toEqual(['nik.province']);
  });

  it.each(['0131216600910', '01312166009100000', ''])('rejects a wrong length %p', (input) => {
    expect(validateNpwp(input)).toMatchObject({ valid: false, kind: null });
    expect(validateNpwp(input).violations[0].rule).toBe(input === '' ? 'npwp.digits' : 'npwp.length');
  });

  it('rejects letters and other separators', () => {
    expect(validateNpwp('01.312.166.0/091.000').violations[0].rule).toBe('npwp.digits');
    expect(validateNpwp('NPWP 013121660091000').violations[0].rule).toBe('npwp.digits');
    expect(validateNpwp(13121660091000 as unknown as string).violations[0].rule).toBe('npwp.digits');
  });
});

describe('luhnValid / formatNpwp', () => {
  it('luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });

  it('formats the legacy mask', () => {
    expect(formatNpwp('013121660091000')).toBe('01.312.166.0-091.000');
    expect(formatNpwp('3171011708450001')).toBe('3171011708450001');
  });
});
