/**
 * Kemendagri region codes (kode wilayah administrasi pemerintahan), domain-rules.md §2.8.
 *
 * Source: Kepmendagri 300.2.2-2138/2025 (25 Apr 2025): 38 provinces, 416 kabupaten, 98 kota.
 * Structure: province 2 digits · kab/kota 4 · kecamatan 6 · desa/kelurahan 10, written with dots
 * (`33.73.01.1001`) or bare (`3373011001`, as OSS `kd_daerah` does).
 * - kab/kota: 3rd–4th digits 01–69 = kabupaten, 71–99 = kota.
 * - desa/kelurahan: first of the last 4 digits 1 = kelurahan, 2 = desa, 3 = desa adat.
 *
 * These are Kemendagri codes (used by NIK prefixes and OSS), NOT BPS codes: the two differ, notably for the
 * Papua provinces (BPS: 91 Papua Barat, 92 Papua Barat Daya, 94 Papua, 95 Papua Selatan, 96 Papua Tengah,
 * 97 Papua Pegunungan) — never mix them (domain-rules.md §0.7).
 */

import { RuleViolation } from './errors';

/** Citation of the code list below. */
export const REGION_CODE_SOURCE = 'Kepmendagri 300.2.2-2138/2025';

export interface Province {
  /** 2-digit Kemendagri province code. */
  code: string;
  name: string;
}

/**
 * The 38 provinces (Kepmendagri 300.2.2-2138/2025). Papua numbering (91 Papua, 92 Papua Barat, 93 Papua Selatan,
 * 94 Papua Tengah, 95 Papua Pegunungan, 96 Papua Barat Daya) matches domain-rules.md ("96 Papua Barat Daya") and
 * the cahyadsn/wilayah province table.
 */
export const PROVINCES: readonly Province[] = Object.freeze(
  (
    [
      ['11', 'Aceh'],
      ['12', 'Sumatera Utara'],
      ['13', 'Sumatera Barat'],
      ['14', 'Riau'],
      ['15', 'Jambi'],
      ['16', 'Sumatera Selatan'],
      ['17', 'Bengkulu'],
      ['18', 'Lampung'],
      ['19', 'Kepulauan Bangka Belitung'],
      ['21', 'Kepulauan Riau'],
      // Officially "Daerah Khusus Jakarta" since UU 2/2024; the code is unchanged.
      ['31', 'DKI Jakarta'],
      ['32', 'Jawa Barat'],
      ['33', 'Jawa Tengah'],
      ['34', 'Daerah Istimewa Yogyakarta'],
      ['35', 'Jawa Timur'],
      ['36', 'Banten'],
      ['51', 'Bali'],
      ['52', 'Nusa Tenggara Barat'],
      ['53', 'Nusa Tenggara Timur'],
      ['61', 'Kalimantan Barat'],
      ['62', 'Kalimantan Tengah'],
      ['63', 'Kalimantan Selatan'],
      ['64', 'Kalimantan Timur'],
      ['65', 'Kalimantan Utara'],
      ['71', 'Sulawesi Utara'],
      ['72', 'Sulawesi Tengah'],
      ['73', 'Sulawesi Selatan'],
      ['74', 'Sulawesi Tenggara'],
      ['75', 'Gorontalo'],
      ['76', 'Sulawesi Barat'],
      ['81', 'Maluku'],
      ['82', 'Maluku Utara'],
      ['91', 'Papua'],
      ['92', 'Papua Barat'],
      ['93', 'Papua Selatan'],
      ['94', 'Papua Tengah'],
      ['95', 'Papua Pegunungan'],
      ['96', 'Papua Barat Daya'],
    ] as const
  ).map(([code, name]) => Object.freeze({ code, name })),
);

const PROVINCE_BY_CODE: ReadonlyMap<string, Province> = new Map(PROVINCES.map((p) => [p.code, p]));

/** The province with this 2-digit code, or undefined. */
export function findProvince(code: string): Province | undefined {
  return typeof code === 'string' ? PROVINCE_BY_CODE.get(code) : undefined;
}

/** True when `code` is one of the 38 current 2-digit Kemendagri province codes. */
export function isProvinceCode(code: unknown): code is string {
  return typeof code === 'string' && PROVINCE_BY_CODE.has(code);
}

const BARE_VILLAGE = /^\d{10}$/;
const DOTTED_VILLAGE = /^(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})$/;

/**
 * Normalises a desa/kelurahan code to its 10 bare digits. Accepts `3373011001` or `33.73.01.1001` (dots only in
 * the standard positions; surrounding whitespace ignored). Returns null for anything else. Syntax only — use
 * `validateVillageCode` to also check the province and the kelurahan/desa digit.
 */
export function normalizeVillageCode(input: string): string | null {
  if (typeof input !== 'string') return null;
  const value = input.trim();
  if (BARE_VILLAGE.test(value)) return value;
  const m = DOTTED_VILLAGE.exec(value);
  return m ? m.slice(1).join('') : null;
}

/** Formats a 10-digit village code with dots (`3373011001` → `33.73.01.1001`); null if not 10 digits. */
export function formatVillageCode(code10: string): string | null {
  const code = normalizeVillageCode(code10);
  return code ? `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}` : null;
}

/** The 4-digit kab/kota code of a 10-digit village code (its first 4 digits). */
export function regencyOfVillage(code10: string): string {
  return code10.slice(0, 4);
}

/** The 6-digit kecamatan code of a 10-digit village code. */
export function districtOfVillage(code10: string): string {
  return code10.slice(0, 6);
}

/** The 2-digit province code of any region code. */
export function provinceOfRegion(code: string): string {
  return code.slice(0, 2);
}

/** True when a 4-digit kab/kota code denotes a kota (3rd–4th digits 71–99); false for a kabupaten or bad input. */
export function isKotaCode(regency4: string): boolean {
  if (typeof regency4 !== 'string' || !/^\d{4}$/.test(regency4)) return false;
  const n = Number(regency4.slice(2));
  return n >= 71 && n <= 99;
}

export type VillageKind = 'KELURAHAN' | 'DESA' | 'DESA_ADAT';

const VILLAGE_KIND_BY_DIGIT: Readonly<Record<string, VillageKind>> = { '1': 'KELURAHAN', '2': 'DESA', '3': 'DESA_ADAT' };

/** Kelurahan / desa / desa adat from the 7th digit of a 10-digit code (1/2/3), or undefined. */
export function villageKind(code10: string): VillageKind | undefined {
  return typeof code10 === 'string' && code10.length === 10 ? VILLAGE_KIND_BY_DIGIT[code10[6]] : undefined;
}

export interface VillageCodeResult {
  valid: boolean;
  /** 10 bare digits when the syntax was acceptable. */
  normalized?: string;
  violations: RuleViolation[];
}

/**
 * Validates a desa/kelurahan code: syntax (`region.format`), a known province (`region.province`), non-zero
 * kab/kota and kecamatan parts (`region.regency`, `region.district`), non-zero village serial and a
 * kelurahan/desa/desa-adat digit of 1–3 (`region.village`). Whether the village really exists is not checked
 * (that needs the full Kepmendagri table, e.g. the idn-area-data package).
 */
export function validateVillageCode(input: string): VillageCodeResult {
  const normalized = normalizeVillageCode(input);
  if (!normalized) {
    return {
      valid: false,
      violations: [
        {
          rule: 'region.format',
          message: 'must be a 10-digit Kemendagri village code, bare (3373011001) or dotted (33.73.01.1001)',
        },
      ],
    };
  }
  const violations: RuleViolation[] = [];
  const province = provinceOfRegion(normalized);
  if (!isProvinceCode(province)) {
    violations.push({ rule: 'region.province', message: `unknown province code ${province}` });
  }
  if (normalized.slice(2, 4) === '00') {
    violations.push({ rule: 'region.regency', message: 'kabupaten/kota digits must not be 00' });
  }
  if (normalized.slice(4, 6) === '00') {
    violations.push({ rule: 'region.district', message: 'kecamatan digits must not be 00' });
  }
  const village = normalized.slice(6);
  if (!villageKind(normalized) || village.slice(1) === '000') {
    violations.push({
      rule: 'region.village',
      message: `village part ${village} must start with 1 (kelurahan), 2 (desa) or 3 (desa adat) and not end in 000`,
    });
  }
  return { valid: violations.length === 0, normalized, violations };
}
