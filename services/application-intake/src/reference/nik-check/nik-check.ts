import { findRegency, validateNik } from '@mpp/domain';

export interface NikProblem {
  /** The domain rule that failed: nik.digits, nik.length, nik.province, nik.regency, nik.birthDate, nik.serial. */
  rule: string;
  message: string;
}

export interface NikCheck {
  valid: boolean;
  problems: NikProblem[];
  /** Non-blocking observations (a retired kab/kota code, an unknown kecamatan). */
  warnings: string[];
  /** The kab/kota of first registration, when the NIK names a current one (never the birth date or gender). */
  regencyName?: string;
}

/**
 * The NIK check the application form runs as the applicant types: the same rules (`validateNik`) the
 * submission's `IsNik` applies, so a NIK the check passes is not refused by the submission for its form.
 * It answers only what is wrong (and the kab/kota the NIK names), never the birth date or gender it encodes.
 */
export function checkNik(nik: string): NikCheck {
  const result = validateNik(nik);
  const regency = result.valid && result.regencyCode ? findRegency(result.regencyCode) : undefined;
  return {
    valid: result.valid,
    problems: result.violations.map(({ rule, message }) => ({ rule, message })),
    warnings: result.warnings,
    ...(regency ? { regencyName: regency.name } : {}),
  };
}
