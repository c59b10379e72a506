// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import { PermitType, RiskLevel } from '@mpp/contracts';
import { isAutoVerifiable, permitsForRisk, requiresHeadOfOfficeApproval } from './permits';

describe('permitsForRisk (PP 5/2021 Ps. 12–15)', () => {
  it.each([
    [RiskLevel.RENDAH, [PermitType.NIB]],
    [RiskLevel.MENENGAH_RENDAH, [PermitType.NIB, PermitType.SERTIFIKAT_STANDAR]],
    [RiskLevel.MENENGAH_TINGGI, [PermitType.NIB, PermitType.SERTIFIKAT_STANDAR]],
    [RiskLevel.TINGGI, [PermitType.NIB, PermitType.IZIN]],
  ])('%s → %p', (risk, expected) => {
    expect(permitsForRisk(risk)).toEqual(expected);
  });

  it('returns a fresh array each time', () => {
    const a = permitsForRisk(RiskLevel.RENDAH);
    a.push(PermitType.IZIN);
    expect(permitsForRisk(RiskLevel.RENDAH)).toEqual([PermitType.NIB]);
  });

  it('rejects an unknown risk level', () => {
    expect(() => permitsForRisk('SEDANG' as RiskLevel)).toThrow(RangeError);
  });
});

describe('isAutoVerifiable / requiresHeadOfOfficeApproval', () => {
  it.each([
    [RiskLevel.RENDAH, true, false],
    [RiskLevel.MENENGAH_RENDAH, true, false],
    [RiskLevel.MENENGAH_TINGGI, false, false],
    [RiskLevel.TINGGI, false, true],
  ])('%s: auto=%p, head approval=%p', (risk, auto, head) => {
    expect(isAutoVerifiable(risk)).toBe(auto);
    expect(requiresHeadOfOfficeApproval(risk)).toBe(head);
  });
});
