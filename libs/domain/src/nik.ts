/**
 * NIK (Nomor Induk Kependudukan) structural validation, docs/rules/nik.md
 * [V dukcapil.klaten.go.id; python-stdnum stdnum/id/nik.py].
 *
 * Layout `PP KK CC DD MM YY SSSS` (16 digits): province · kab/kota · kecamatan of FIRST registration (it never
 * changes when the person moves) · birth day (women: day + 40, i.e. 41–71) · month · 2-digit year · serial from 0001.
 *
 * Region checks against Kepmendagri 300.2.2-2138/2025 (`data/regions-2025.json`):
 * - the province must exist (`nik.province`);
 * - the kab/kota must exist (`nik.regency`) — except the codes retired when a new province was formed
 *   (`RETIRED_REGENCY_CODES`: Kalimantan Utara 2012, the Papua provinces 2022), which older NIKs keep for life and
 *   which only give a warning;
 * - an unknown kecamatan is only a warning: pemekaran creates new kecamatan codes and old NIKs keep the pre-split
 *   code (docs/rules/nik.md).
 * Whether the person exists needs Dukcapil data access (PKS/MoU) through an adapter.
 */
import { RuleViolation } from './errors';
import { findDistrict, findRegency, findRetiredRegency, isProvinceCode } from './regions';

export type Gender = 'L' | 'P';

export interface NikResult {
  valid: boolean;
  violations: RuleViolation[];
  /** Non-blocking observations (e.g. an unusual kecamatan part). */
  warnings: string[];
  /** 2-digit province code (present when the input is 16 digits). */
  provinceCode?: string;
  /** 4-digit kab/kota code. */
  regencyCode?: string;
  /** 6-digit kecamatan code. */
  districtCode?: string;
  /** Birth date YYYY-MM-DD (present when the date part is valid). */
  birthDate?: string;
  /** L = laki-laki (day 01–31), P = perempuan (day 41–71). */
  gender?: Gender;
}

export interface NikOptions {
  /** Reference "today" for the century decision (defaults to now). */
  today?: Date;
}

/** Offset added to women's day of birth in the NIK. */
export const NIK_FEMALE_DAY_OFFSET = 40;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Returns YYYY-MM-DD if the calendar date exists, else undefined. */
function isoDateIfValid(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/**
 * "Today" as YYYY-MM-DD on the easternmost Indonesian clock (WIT, UTC+9), so that a baby registered today in
 * Jayapura is never "born in the future".
 */
function todayIso(today: Date): string {
  const d = new Date(today.getTime() + 9 * 3600 * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * Decodes DDMMYY. The year has two digits, so the century is ambiguous: like python-stdnum we accept the date if it
 * exists in 19xx or in 20xx (this matters for 29 Feb 00), but a 20xx date may not lie in the future. When both are
 * possible we report 20xx (a person born in 2005 is far likelier than one born in 1905); otherwise 19xx.
 */
function decodeBirthDate(
  ddmmyy: string,
  today: Date,
): { birthDate: string; gender: Gender } | { error: string } {
  const rawDay = Number(ddmmyy.slice(0, 2));
  const month = Number(ddmmyy.slice(2, 4));
  const yy = Number(ddmmyy.slice(4, 6));
  let day: number;
  let gender: Gender;
  if (rawDay >= 1 && rawDay <= 31) {
    day = rawDay;
    gender = 'L';
  } else if (rawDay >= 1 + NIK_FEMALE_DAY_OFFSET && rawDay <= 31 + NIK_FEMALE_DAY_OFFSET) {
    day = rawDay - NIK_FEMALE_DAY_OFFSET;
    gender = 'P';
  } else {
    return { error: `day ${pad2(rawDay)} must be 01–31 (men) or 41–71 (women: day + 40)` };
  }
  if (month < 1 || month > 12) {
    return { error: `month ${pad2(month)} must be 01–12` };
  }
  const in2000s = isoDateIfValid(2000 + yy, month, day);
  if (in2000s && in2000s <= todayIso(today)) return { birthDate: in2000s, gender };
  const in1900s = isoDateIfValid(1900 + yy, month, day);
  if (in1900s) return { birthDate: in1900s, gender };
  return { error: `${pad2(day)}-${pad2(month)}-${pad2(yy)} is not a valid date of birth` };
}

/**
 * Validates a NIK. Rules: `nik.digits` (digits only), `nik.length` (exactly 16), `nik.province` (known
 * Kemendagri province), `nik.regency` (kab/kota digits not 00, and the kab/kota exists in Kepmendagri
 * 300.2.2-2138/2025 or is a retired code in `RETIRED_REGENCY_CODES`), `nik.birthDate` (valid date, women +40),
 * `nik.serial` (not 0000). Warnings (never violations): kecamatan 00, a kecamatan not in the 2025 list, a retired
 * kab/kota code. Surrounding whitespace is ignored; any other separator is rejected.
 */
export function validateNik(nik: string, options: NikOptions = {}): NikResult {
  if (typeof nik !== 'string') {
    return { valid: false, violations: [{ rule: 'nik.digits', message: 'must be a string of 16 digits' }], warnings: [] };
  }
  const value = nik.trim();
  if (!/^\d*$/.test(value)) {
    return { valid: false, violations: [{ rule: 'nik.digits', message: 'must contain digits only' }], warnings: [] };
  }
  if (value.length !== 16) {
    return {
      valid: false,
      violations: [{ rule: 'nik.length', message: `must be exactly 16 digits, got ${value.length}` }],
      warnings: [],
    };
  }

  const violations: RuleViolation[] = [];
  const warnings: string[] = [];
  const result: NikResult = {
    valid: false,
    violations,
    warnings,
    provinceCode: value.slice(0, 2),
    regencyCode: value.slice(0, 4),
    districtCode: value.slice(0, 6),
  };

  if (!isProvinceCode(result.provinceCode)) {
    violations.push({ rule: 'nik.province', message: `unknown province code ${result.provinceCode}` });
  }
  if (value.slice(2, 4) === '00') {
    violations.push({ rule: 'nik.regency', message: 'kabupaten/kota digits must not be 00' });
  } else if (isProvinceCode(result.provinceCode)) {
    const regency = findRegency(result.regencyCode as string);
    const retired = regency ? undefined : findRetiredRegency(result.regencyCode as string);
    if (retired) {
      warnings.push(
        `kabupaten/kota code ${retired.code} (${retired.name}) was retired in ${retired.retired} (now ${retired.successor}); ` +
          'a NIK keeps the code of its first registration',
      );
    } else if (!regency) {
      violations.push({
        rule: 'nik.regency',
        message: `unknown kabupaten/kota code ${result.regencyCode} (not in Kepmendagri 300.2.2-2138/2025)`,
      });
    } else if (value.slice(4, 6) !== '00' && !findDistrict(result.districtCode as string)) {
      // Unknown kecamatan is not a violation (pemekaran, docs/rules/nik.md) — only worth a look.
      warnings.push(`kecamatan ${result.districtCode} is not in Kepmendagri 300.2.2-2138/2025 (may predate a pemekaran)`);
    }
  }
  if (value.slice(4, 6) === '00') {
    // Unknown kecamatan is not a violation (pemekaran, docs/rules/nik.md) — only worth a look.
    warnings.push('kecamatan digits are 00');
  }
  const birth = decodeBirthDate(value.slice(6, 12), options.today ?? new Date());
  if ('error' in birth) {
    violations.push({ rule: 'nik.birthDate', message: birth.error });
  } else {
    result.birthDate = birth.birthDate;
    result.gender = birth.gender;
  }
  if (value.slice(12) === '0000') {
    violations.push({ rule: 'nik.serial', message: 'serial number must not be 0000' });
  }

  result.valid = violations.length === 0;
  return result;
}

/** Convenience: true when `validateNik` finds no violation. */
export function isValidNik(nik: string, options?: NikOptions): boolean {
  return validateNik(nik, options).valid;
}

/**
 * Masks a NIK for display/logs (public pages must never show the full NIK, docs/rules/nik.md#privacy): keeps the
 * 4-digit region prefix and the last 4 digits, e.g. `3171********0001`.
 */
export function maskNik(nik: string): string {
  const value = typeof nik === 'string' ? nik.trim() : '';
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}
