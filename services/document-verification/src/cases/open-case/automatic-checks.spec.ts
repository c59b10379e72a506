import { ApplicationSubmittedV1, BusinessScale, RiskLevel } from '@mpp/contracts';
import { LATEST_RULE_SET } from '@mpp/domain';
import { runAutomaticChecks } from './automatic-checks';

function submitted(overrides: Partial<ApplicationSubmittedV1> = {}): ApplicationSubmittedV1 {
  return {
    applicationId: '6f1c1d1e-8d53-4c7a-9d0e-2f4b1a0c9e11',
    applicationNumber: 'MPP-3373-2026-000001',
    officeCode: '3373',
    applicant: { nik: '3171011708450001', name: 'Budi', npwp: '013121660091000' },
    business: {
      name: 'Toko Budi',
      kbli: '47112',
      kbliTitle: 'Toko kelontong',
      capital: 50_000_000,
      address: { regionCode: '3373011001', street: 'Jl. Merdeka 1' },
    },
    businessScale: BusinessScale.MIKRO,
    riskLevel: RiskLevel.RENDAH,
    submittedAt: '2026-11-28T03:00:00.000Z',
    ...overrides,
  };
}

describe('automatic checks', () => {
  it('all pass for a consistent low-risk application', () => {
    const checks = runAutomaticChecks(submitted(), LATEST_RULE_SET);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['nik-structure', 'npwp-check-digit', 'kbli-known', 'scale-matches-capital', 'risk-matches-kbli', 'location-within-office']),
    );
  });

  it('flag a scale or risk that does not follow from the capital and KBLI', () => {
    const checks = runAutomaticChecks(submitted({ businessScale: BusinessScale.KECIL, riskLevel: RiskLevel.MENENGAH_RENDAH }), LATEST_RULE_SET);
    expect(checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['scale-matches-capital', 'risk-matches-kbli']);
  });

  it('flag a location outside the office and a broken NIK', () => {
    const application = submitted();
    application.applicant.nik = '9971011708450001';
    application.business.address.regionCode = '3314012001';
    const failed = runAutomaticChecks(application, LATEST_RULE_SET).filter((c) => !c.passed).map((c) => c.name);
    expect(failed).toEqual(expect.arrayContaining(['nik-structure', 'location-within-office']));
  });
});
