/**
 * NPWP (Nomor Pokok Wajib Pajak) validation, docs/rules/npwp.md
 * [V python-stdnum stdnum/id/npwp.py; perl Business::ID::NPWP; DDTC news on PMK 136/2023].
 *
 * - Legacy 15 digits `XX.XXX.XXX.X-XXX.XXX`: taxpayer type (2) · serial (6) · check digit (1) · KPP (3) ·
 *   branch (3, 000 = head office). The check digit makes the first 9 digits pass the Luhn algorithm.
 * - PMK 112/PMK.03/2022 (from 14 Jul 2022; full use from 1 Jul 2024 per PMK 136/2023):
 *   resident individuals use their NIK as NPWP; others use a 16-digit NPWP = "0" + the legacy 15 digits.
 *   So: 16 digits starting with 0 → Luhn over the first 10; 16 digits not starting with 0 → validate as NIK.
 * Store NPWP as digits only (`normalized`) and render with a mask.
 */
import { RuleViolation } from './errors';
import { NikOptions, validateNik } from './nik';

export type NpwpKind = 'NPWP15' | 'NPWP16' | 'NIK';

export interface NpwpResult {
  valid: boolean;
  /** The digits of the input with the formatting (dots, dashes, spaces) removed. */
  normalized: string;
  /** Which form was recognised; null when the length fits none. */
  kind: NpwpKind | null;
  violations: RuleViolation[];
}

/** Luhn (mod 10) check over a digit string whose last digit is the check digit. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Validates an NPWP in any of its forms, accepting `01.312.166.0-091.000`, `013121660091000`,
 * `0013121660091000` or a 16-digit NIK.
 * Rules: `npwp.digits`, `npwp.length`, `npwp.checkDigit`; for the NIK form the `nik.*` rules of `validateNik`.
 */
export function validateNpwp(input: string, options: NikOptions = {}): NpwpResult {
  if (typeof input !== 'string') {
    return { valid: false, normalized: '', kind: null, violations: [{ rule: 'npwp.digits', message: 'must be a string' }] };
  }
  // Formatting characters allowed between digits: dots, dashes and spaces.
  const normalized = input.replace(/[.\-\s]/g, '');
  if (!/^\d+$/.test(normalized)) {
    return {
      valid: false,
      normalized,
      kind: null,
      violations: [{ rule: 'npwp.digits', message: 'must contain digits (optionally separated by dots/dashes) only' }],
    };
  }

  if (normalized.length === 15) {
    return checkLuhn(normalized, 'NPWP15', normalized.slice(0, 9));
  }
  if (normalized.length === 16 && normalized.startsWith('0')) {
    // "0" + legacy 15 digits; a leading 0 does not change the Luhn sum.
    return checkLuhn(normalized, 'NPWP16', normalized.slice(0, 10));
  }
  if (normalized.length === 16) {
    // NIK as NPWP (PMK 112/2022).
    const nik = validateNik(normalized, options);
    return { valid: nik.valid, normalized, kind: 'NIK', violations: nik.violations };
  }
  return {
    valid: false,
    normalized,
    kind: null,
    violations: [
      { rule: 'npwp.length', message: `must have 15 digits, or 16 digits (NPWP16 or NIK), got ${normalized.length}` },
    ],
  };
}

function checkLuhn(normalized: string, kind: NpwpKind, luhnPart: string): NpwpResult {
  if (luhnValid(luhnPart)) return { valid: true, normalized, kind, violations: [] };
  const checkDigit = luhnPart[luhnPart.length - 1];
  return {
    valid: false,
    normalized,
    kind,
    violations: [
      {
        rule: 'npwp.checkDigit',
        message: `check digit ${checkDigit} does not match the Luhn checksum of ${luhnPart.slice(0, -1)}`,
      },
    ],
  };
}

/**
 * Renders a legacy 15-digit NPWP with its mask, e.g. `013121660091000` → `01.312.166.0-091.000`.
 * 16-digit forms (NPWP16, NIK) have no mask and are returned unchanged.
 */
export function formatNpwp(digits: string): string {
  const d = digits;
  if (typeof d !== 'string' || !/^\d{15}$/.test(d)) return digits;
  return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}.${d[8]}-${d.slice(9, 12)}.${d.slice(12)}`;
}
