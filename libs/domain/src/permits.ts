/**
 * What a risk level yields, and who has to act on it.
 *
 * PP 5/2021 Ps. 12–15 (as quoted by ijinusahaku.com / legalyn.id; docs/rules/risk.md) [S]; PP 28/2025, which
 * replaced PP 5/2021 on 5 Jun 2025, keeps risk-based licensing (whether the four levels are unchanged is still
 * unverified [U], docs/rules/risk.md#levels):
 * - Rendah          → NIB only (identity + legality to operate).
 * - Menengah Rendah → NIB + Sertifikat Standar, a self-declaration issued by OSS automatically.
 * - Menengah Tinggi → NIB + Sertifikat Standar that must be VERIFIED by the authority before it is valid.
 * - Tinggi          → NIB + Izin (an approval by the authority).
 */
import { PermitType, RiskLevel } from '@mpp/contracts';

/** PP 5/2021 Ps. 12–15: permits issued per risk level. */
export const PERMITS_BY_RISK: Readonly<Record<RiskLevel, readonly PermitType[]>> = Object.freeze({
  [RiskLevel.RENDAH]: Object.freeze([PermitType.NIB]),
  [RiskLevel.MENENGAH_RENDAH]: Object.freeze([PermitType.NIB, PermitType.SERTIFIKAT_STANDAR]),
  [RiskLevel.MENENGAH_TINGGI]: Object.freeze([PermitType.NIB, PermitType.SERTIFIKAT_STANDAR]),
  [RiskLevel.TINGGI]: Object.freeze([PermitType.NIB, PermitType.IZIN]),
});

/** Permits to issue for a risk level (a fresh array, NIB first). Throws on an unknown level. */
export function permitsForRisk(risk: RiskLevel): PermitType[] {
  const permits = PERMITS_BY_RISK[risk];
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
