/**
 * What a risk level yields, and who has to act on it: from the rule set the application is decided under
 * (`rule-sets.ts`). Under PP 5/2021 (Ps. 12–15) and PP 28/2025 (Ps. 128, 130–133) alike:
 * - Rendah          → NIB only (identity + legality to operate).
 * - Menengah Rendah → NIB + Sertifikat Standar, a self-declaration issued by OSS automatically.
 * - Menengah Tinggi → NIB + Sertifikat Standar that must be VERIFIED by the authority before it is valid.
 * - Tinggi          → NIB + Izin (an approval by the authority).
 */
import { PermitType, RiskLevel } from '@mpp/contracts';
import { LATEST_RULE_SET, RuleSet } from './rule-sets';

/** Permits issued per risk level under the latest rule set. */
export const PERMITS_BY_RISK: Readonly<Record<RiskLevel, readonly PermitType[]>> = LATEST_RULE_SET.permitsByRisk;

/** Permits to issue for a risk level under a rule set (a fresh array, NIB first). Throws on an unknown level. */
export function permitsForRisk(risk: RiskLevel, ruleSet: RuleSet = LATEST_RULE_SET): PermitType[] {
  const permits = ruleSet.permitsByRisk[risk];
  if (!permits) throw new RangeError(`unknown risk level "${String(risk)}"`);
  return [...permits];
}

/**
 * True when the application may be verified without an officer: Rendah and Menengah Rendah, whose outputs OSS
 * issues without verification by the authority (PP 5/2021 Ps. 12–13; docs/rules/risk.md). Menengah Tinggi
 * (Ps. 14, Sertifikat Standar must be verified) and Tinggi (Ps. 15, Izin = approval) always need an officer.
 * Callers must still require that all automated checks (NIK, NPWP, documents) passed.
 */
export function isAutoVerifiable(risk: RiskLevel): boolean {
  return risk === RiskLevel.RENDAH || risk === RiskLevel.MENENGAH_RENDAH;
}

/**
 * True when issuance needs the head of office's approval: Tinggi yields an Izin (PP 5/2021 Ps. 15), issued by the
 * Kepala DPMPTSP kab/kota on behalf of the bupati/wali kota (PP 5/2021 Lampiran I; docs/rules/risk.md).
 */
export function requiresHeadOfOfficeApproval(risk: RiskLevel): boolean {
  return risk === RiskLevel.TINGGI;
}
