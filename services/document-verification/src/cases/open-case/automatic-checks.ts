import { AutomaticCheckResult, ApplicationSubmittedV1 } from '@mpp/contracts';
import { businessScaleFromCapital, findKbli, regencyOfVillage, riskLevelFor, RuleSet, validateNik, validateNpwp } from '@mpp/domain';

/**
 * Checks run before any officer sees the case. They re-derive what intake derived, from the rules in
 * libs/domain under the rule set the application was decided under, so a case never rests on another
 * service's arithmetic.
 */
export function runAutomaticChecks(application: ApplicationSubmittedV1, ruleSet: RuleSet): AutomaticCheckResult[] {
  const checks: AutomaticCheckResult[] = [];
  const add = (name: string, passed: boolean, detail?: string) => checks.push({ name, passed, ...(detail ? { detail } : {}) });

  const nik = validateNik(application.applicant.nik);
  add('nik-structure', nik.valid, nik.violations.map((v) => v.message).join('; ') || undefined);

  if (application.applicant.npwp) {
    const npwp = validateNpwp(application.applicant.npwp);
    add('npwp-check-digit', npwp.valid, npwp.violations.map((v) => v.message).join('; ') || undefined);
  }

  add(
    'location-within-office',
    regencyOfVillage(application.business.address.regionCode) === application.officeCode,
    `village ${application.business.address.regionCode}`,
  );

  const kbli = findKbli(application.business.kbli, ruleSet);
  add('kbli-known', Boolean(kbli), application.business.kbli);

  const scale = businessScaleFromCapital(application.business.capital);
  add('scale-matches-capital', scale === application.businessScale, `capital gives ${scale}`);

  if (kbli) {
    const risk = riskLevelFor(kbli.code, scale, undefined, ruleSet);
    add('risk-matches-kbli', risk === application.riskLevel, `KBLI ${kbli.code} × ${scale} gives ${risk}`);
  }
  return checks;
}
