/**
 * Kemendagri region codes (kode wilayah administrasi pemerintahan), docs/rules/regions.md.
 *
 * Source: Kepmendagri 300.2.2-2138/2025 (25 Apr 2025): 38 provinces, 416 kabupaten, 98 kota.
 * Structure: province 2 digits · kab/kota 4 · kecamatan 6 · desa/kelurahan 10, written with dots
 * (`33.73.01.1001`) or bare (`3373011001`, as OSS `kd_daerah` does).
 * - kab/kota: 3rd–4th digits 01–69 = kabupaten, 71–99 = kota.
 * - desa/kelurahan: first of the last 4 digits 1 = kelurahan, 2 = desa, 3 = desa adat.
 *
 * These are Kemendagri codes (used by NIK prefixes and OSS), NOT BPS codes: the two differ, notably for the
 * Papua provinces (BPS: 91 Papua Barat, 92 Papua Barat Daya, 94 Papua, 95 Papua Selatan, 96 Papua Tengah,
 * 97 Papua Pegunungan) — never mix them (docs/rules/regions.md).
 *
 * The full list (514 kab/kota, 7,285 kecamatan with names; 83,762 desa/kelurahan codes without names) is the
 * committed file `data/regions-2025.json`, generated from idn-area-data 4.0.1 by
 * `libs/domain/scripts/generate-regions.mjs` and loaded lazily on the first lookup. Its data is © the idn-area-data
 * authors under the Open Database License 1.0: keep libs/domain/DATA-LICENSES.md with it and show
 * `regionDataInfo().attribution` wherever region data is published.
 */

import { RuleViolation } from './errors';
import { regionData, RegionDataHeader, villageSuffixesOf } from './region-data';

export type { RegionDataHeader } from './region-data';

/** Citation of the code list below. */
export const REGION_CODE_SOURCE = 'Kepmendagri 300.2.2-2138/2025';

export interface Province {
  /** 2-digit Kemendagri province code. */
  code: string;
  name: string;
}

/**
 * The 38 provinces (Kepmendagri 300.2.2-2138/2025). Papua numbering (91 Papua, 92 Papua Barat, 93 Papua Selatan,
 * 94 Papua Tengah, 95 Papua Pegunungan, 96 Papua Barat Daya) matches the province list of `data/regions-2025.json`
 * (idn-area-data) and the cahyadsn/wilayah province table.
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
 * `validateVillageCode` to also check the structure and that the village exists, or `villageExists`.
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

export type RegencyKind = 'KABUPATEN' | 'KOTA';

export interface Regency {
  /** 4-digit Kemendagri kab/kota code, e.g. `3373`. */
  code: string;
  /** Name as in the Kepmendagri list, e.g. `Kota Salatiga`, `Kabupaten Sragen`. */
  name: string;
  /** 2-digit province code. */
  provinceCode: string;
  /** From the 3rd–4th digits: 01–69 kabupaten, 71–99 kota. */
  kind: RegencyKind;
}

export interface District {
  /** 6-digit Kemendagri kecamatan code, e.g. `337301`. */
  code: string;
  name: string;
  /** 4-digit kab/kota code. */
  regencyCode: string;
  provinceCode: string;
}

/**
 * Where the region list below comes from and under which licence (ODbL 1.0): show `attribution` wherever region
 * names or codes taken from it are published (ODbL §4.3), see libs/domain/DATA-LICENSES.md.
 */
export function regionDataInfo(): RegionDataHeader {
  return regionData().header;
}

const BARE_REGENCY = /^\d{4}$/;
const DOTTED_REGENCY = /^(\d{2})\.(\d{2})$/;
const BARE_DISTRICT = /^\d{6}$/;
const DOTTED_DISTRICT = /^(\d{2})\.(\d{2})\.(\d{2})$/;

function normalizeWith(input: unknown, bare: RegExp, dotted: RegExp): string | null {
  if (typeof input !== 'string') return null;
  const value = input.trim();
  if (bare.test(value)) return value;
  const m = dotted.exec(value);
  return m ? m.slice(1).join('') : null;
}

/** `3373` or `33.73` → `3373`; null for anything else (syntax only). */
export function normalizeRegencyCode(input: string): string | null {
  return normalizeWith(input, BARE_REGENCY, DOTTED_REGENCY);
}

/** `337301` or `33.73.01` → `337301`; null for anything else (syntax only). */
export function normalizeDistrictCode(input: string): string | null {
  return normalizeWith(input, BARE_DISTRICT, DOTTED_DISTRICT);
}

/**
 * The kabupaten/kota with this code (`3373` or `33.73`) in Kepmendagri 300.2.2-2138/2025, or undefined.
 * Retired codes (see `RETIRED_REGENCY_CODES`) are not found here.
 */
export function findRegency(code4: string): Regency | undefined {
  const code = normalizeRegencyCode(code4);
  if (!code) return undefined;
  const name = regionData().regencies.get(code);
  if (name === undefined) return undefined;
  return { code, name, provinceCode: code.slice(0, 2), kind: isKotaCode(code) ? 'KOTA' : 'KABUPATEN' };
}

/** The kecamatan with this code (`337301` or `33.73.01`) in Kepmendagri 300.2.2-2138/2025, or undefined. */
export function findDistrict(code6: string): District | undefined {
  const code = normalizeDistrictCode(code6);
  if (!code) return undefined;
  const district = regionData().districts.get(code);
  if (!district) return undefined;
  return { code, name: district.name, regencyCode: code.slice(0, 4), provinceCode: code.slice(0, 2) };
}

/** The kabupaten/kota of a province (2-digit code), in code order; empty for an unknown province. */
export function listRegencies(provinceCode: string): Regency[] {
  if (typeof provinceCode !== 'string' || !/^\d{2}$/.test(provinceCode.trim())) return [];
  const prefix = provinceCode.trim();
  const out: Regency[] = [];
  for (const code of regionData().regencies.keys()) {
    if (code.startsWith(prefix)) out.push(findRegency(code) as Regency);
  }
  return out;
}

/** The kecamatan of a kab/kota (`3373` or `33.73`), in code order; empty for an unknown kab/kota. */
export function listDistricts(regencyCode: string): District[] {
  const code = normalizeRegencyCode(regencyCode);
  if (!code) return [];
  return (regionData().districtsByRegency.get(code) ?? []).map((d) => findDistrict(d) as District);
}

/** The 10-digit desa/kelurahan codes of a kecamatan (`337301` or `33.73.01`), ascending; empty when unknown. */
export function listVillageCodes(districtCode: string): string[] {
  const code = normalizeDistrictCode(districtCode);
  const suffixes = code ? villageSuffixesOf(code) : undefined;
  return suffixes ? [...suffixes].map((s) => `${code}${s}`) : [];
}

/**
 * True when the desa/kelurahan code (bare `3373011001` or dotted `33.73.01.1001`) is in the list of
 * Kepmendagri 300.2.2-2138/2025 (83,762 desa/kelurahan). Same as `isVillageCode`.
 */
export function villageExists(code: string): boolean {
  const normalized = normalizeVillageCode(code);
  if (!normalized) return false;
  return villageSuffixesOf(normalized.slice(0, 6))?.has(normalized.slice(6)) ?? false;
}

/**
 * Type guard: `value` is a desa/kelurahan code (bare or dotted) that exists in Kepmendagri 300.2.2-2138/2025.
 * (Not to be confused with the class-validator decorator `IsVillageCode`, which uses `validateVillageCode`.)
 */
export function isVillageCode(value: unknown): value is string {
  return typeof value === 'string' && villageExists(value);
}

/**
 * A kab/kota code that is no longer in the current list but still appears on valid NIKs: a NIK keeps the code of
 * the place of first registration for life, and pemekaran moved these regencies to a new province (and code).
 */
export interface RetiredRegencyCode {
  /** The old 4-digit code, e.g. `9101`. */
  code: string;
  /** Name under the old code. */
  name: string;
  /** Its code in Kepmendagri 300.2.2-2138/2025. */
  successor: string;
  /** Year the new province was formed. */
  retired: number;
  /** Where the old code is documented. */
  source: string;
}

const SRC_PAPUA_2022 =
  'pre-2022 Kemendagri list (Permendagri 72/2019 era) as in cahyadsn/wilayah db/wilayah_2020.sql; provinces ' +
  'Papua Selatan, Papua Tengah, Papua Pegunungan (UU 14–16/2022) and Papua Barat Daya (UU 29/2022)';
const SRC_KALTARA_2012 =
  'pre-2012 Kalimantan Timur codes as in public copies of the older Kemendagri list [S: transitional list showing ' +
  'both codes]; province Kalimantan Utara formed by UU 20/2012';

/**
 * Kab/kota codes retired by the formation of new provinces, which older NIKs still carry. `validateNik` treats
 * them as a warning, not a violation. Not exhaustive for splits before 2012 (NIK became national with SIAK in the
 * 2000s): an unknown code outside this table is a violation.
 */
export const RETIRED_REGENCY_CODES: readonly RetiredRegencyCode[] = Object.freeze(
  (
    [
      ['6404', 'Kabupaten Bulungan', '6501', 2012, SRC_KALTARA_2012],
      ['6405', 'Kabupaten Nunukan', '6503', 2012, SRC_KALTARA_2012],
      ['6406', 'Kabupaten Malinau', '6502', 2012, SRC_KALTARA_2012],
      ['6410', 'Kabupaten Tana Tidung', '6504', 2012, SRC_KALTARA_2012],
      ['6473', 'Kota Tarakan', '6571', 2012, SRC_KALTARA_2012],
      ['9101', 'Kabupaten Merauke', '9301', 2022, SRC_PAPUA_2022],
      ['9102', 'Kabupaten Jayawijaya', '9501', 2022, SRC_PAPUA_2022],
      ['9104', 'Kabupaten Nabire', '9401', 2022, SRC_PAPUA_2022],
      ['9107', 'Kabupaten Puncak Jaya', '9402', 2022, SRC_PAPUA_2022],
      ['9108', 'Kabupaten Paniai', '9403', 2022, SRC_PAPUA_2022],
      ['9109', 'Kabupaten Mimika', '9404', 2022, SRC_PAPUA_2022],
      ['9112', 'Kabupaten Pegunungan Bintang', '9502', 2022, SRC_PAPUA_2022],
      ['9113', 'Kabupaten Yahukimo', '9503', 2022, SRC_PAPUA_2022],
      ['9114', 'Kabupaten Tolikara', '9504', 2022, SRC_PAPUA_2022],
      ['9116', 'Kabupaten Boven Digoel', '9302', 2022, SRC_PAPUA_2022],
      ['9117', 'Kabupaten Mappi', '9303', 2022, SRC_PAPUA_2022],
      ['9118', 'Kabupaten Asmat', '9304', 2022, SRC_PAPUA_2022],
      ['9121', 'Kabupaten Mamberamo Tengah', '9505', 2022, SRC_PAPUA_2022],
      ['9122', 'Kabupaten Yalimo', '9506', 2022, SRC_PAPUA_2022],
      ['9123', 'Kabupaten Lanny Jaya', '9507', 2022, SRC_PAPUA_2022],
      ['9124', 'Kabupaten Nduga', '9508', 2022, SRC_PAPUA_2022],
      ['9125', 'Kabupaten Puncak', '9405', 2022, SRC_PAPUA_2022],
      ['9126', 'Kabupaten Dogiyai', '9406', 2022, SRC_PAPUA_2022],
      ['9127', 'Kabupaten Intan Jaya', '9407', 2022, SRC_PAPUA_2022],
      ['9128', 'Kabupaten Deiyai', '9408', 2022, SRC_PAPUA_2022],
      ['9201', 'Kabupaten Sorong', '9601', 2022, SRC_PAPUA_2022],
      ['9204', 'Kabupaten Sorong Selatan', '9602', 2022, SRC_PAPUA_2022],
      ['9205', 'Kabupaten Raja Ampat', '9603', 2022, SRC_PAPUA_2022],
      ['9209', 'Kabupaten Tambrauw', '9604', 2022, SRC_PAPUA_2022],
      ['9210', 'Kabupaten Maybrat', '9605', 2022, SRC_PAPUA_2022],
      ['9271', 'Kota Sorong', '9671', 2022, SRC_PAPUA_2022],
    ] as const
  ).map(([code, name, successor, retired, source]) => Object.freeze({ code, name, successor, retired, source })),
);

const RETIRED_BY_CODE: ReadonlyMap<string, RetiredRegencyCode> = new Map(RETIRED_REGENCY_CODES.map((r) => [r.code, r]));

/** The retired kab/kota code entry (e.g. `9101` → Merauke, now `9301`), or undefined. */
export function findRetiredRegency(code4: string): RetiredRegencyCode | undefined {
  const code = normalizeRegencyCode(code4);
  return code ? RETIRED_BY_CODE.get(code) : undefined;
}

export interface VillageCodeResult {
  valid: boolean;
  /** 10 bare digits when the syntax was acceptable. */
  normalized?: string;
  violations: RuleViolation[];
}

export interface VillageCodeOptions {
  /**
   * Check that the kab/kota, kecamatan and desa/kelurahan exist in Kepmendagri 300.2.2-2138/2025 (default true).
   * `false` keeps only the structural checks (the behaviour before the code list was added).
   */
  existence?: boolean;
}

const LIST = 'Kepmendagri 300.2.2-2138/2025';

/**
 * Validates a desa/kelurahan code.
 *
 * Structure: syntax (`region.format`), a known province (`region.province`), non-zero kab/kota and kecamatan parts
 * (`region.regency`, `region.district`), non-zero village serial and a kelurahan/desa/desa-adat digit of 1–3
 * (`region.village`).
 *
 * Existence (unless `options.existence === false`), only when the structure is fine: the first level missing from
 * Kepmendagri 300.2.2-2138/2025 is reported — `region.regency` (unknown kab/kota), else `region.district` (unknown
 * kecamatan), else `region.village` (unknown desa/kelurahan). A business address must use a current code, so there
 * is no leniency for retired or pre-pemekaran codes here (unlike `validateNik`).
 */
export function validateVillageCode(input: string, options: VillageCodeOptions = {}): VillageCodeResult {
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
  if (violations.length === 0 && options.existence !== false) {
    const regency = regencyOfVillage(normalized);
    const district = districtOfVillage(normalized);
    if (!regionData().regencies.has(regency)) {
      violations.push({ rule: 'region.regency', message: `kabupaten/kota ${regency} is not in ${LIST}` });
    } else if (!regionData().districts.has(district)) {
      violations.push({ rule: 'region.district', message: `kecamatan ${district} is not in ${LIST}` });
    } else if (!villageExists(normalized)) {
      violations.push({ rule: 'region.village', message: `desa/kelurahan ${normalized} is not in ${LIST}` });
    }
  }
  return { valid: violations.length === 0, normalized, violations };
}
