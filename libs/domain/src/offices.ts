/**
 * Seed list of MPP offices (tenants). Each tenant is the regency/city licensing office (DPMPTSP kab/kota) that
 * runs the Mal Pelayanan Publik, identified by its 4-digit Kemendagri kab/kota code (Kepmendagri
 * 300.2.2-2138/2025; docs/rules/regions.md#offices-are-tenants). Perpres 89/2021 makes every kab/kota run an MPP.
 *
 * Codes checked against the Kemendagri table (cahyadsn/wilayah): 32.73 Kota Bandung, 33.14 Kab. Sragen,
 * 33.72 Kota Surakarta, 33.73 Kota Salatiga, 35.10 Kab. Banyuwangi, 65.71 Kota Tarakan, 73.71 Kota Makassar.
 */
import { RuleViolation } from './errors';
import { isKotaCode } from './regions';

/** Indonesian time zones: WIB, WITA, WIT. */
export type OfficeTimezone = 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';

export interface Office {
  /** 4-digit Kemendagri kab/kota code; also the tenant id. */
  code: string;
  /** Display name of the licensing office, e.g. `DPMPTSP Kota Salatiga`. */
  name: string;
  /** Name of the kabupaten/kota, e.g. `Kota Salatiga`. */
  regencyName: string;
  /** 2-digit Kemendagri province code (first two digits of `code`). */
  provinceCode: string;
  /** IANA time zone used for working days and SLA deadlines. */
  timezone: OfficeTimezone;
}

function office(code: string, regencyName: string, timezone: OfficeTimezone): Office {
  // Keep names consistent with the code: 71–99 are kota, 01–69 kabupaten (docs/rules/regions.md).
  const expectedPrefix = isKotaCode(code) ? 'Kota ' : 'Kabupaten ';
  if (!regencyName.startsWith(expectedPrefix)) {
    throw new Error(`office seed ${code}: "${regencyName}" should start with "${expectedPrefix}"`);
  }
  return Object.freeze({
    code,
    name: `DPMPTSP ${regencyName}`,
    regencyName,
    provinceCode: code.slice(0, 2),
    timezone,
  });
}

/** Seeded offices, ordered by code. */
export const OFFICES: readonly Office[] = Object.freeze([
  office('3273', 'Kota Bandung', 'Asia/Jakarta'), // Jawa Barat
  office('3314', 'Kabupaten Sragen', 'Asia/Jakarta'), // Jawa Tengah
  office('3372', 'Kota Surakarta', 'Asia/Jakarta'), // Jawa Tengah
  office('3373', 'Kota Salatiga', 'Asia/Jakarta'), // Jawa Tengah
  office('3510', 'Kabupaten Banyuwangi', 'Asia/Jakarta'), // Jawa Timur
  office('6571', 'Kota Tarakan', 'Asia/Makassar'), // Kalimantan Utara (WITA)
  office('7371', 'Kota Makassar', 'Asia/Makassar'), // Sulawesi Selatan (WITA)
]);

const OFFICE_BY_CODE: ReadonlyMap<string, Office> = new Map(OFFICES.map((o) => [o.code, o]));

/** The office with this 4-digit code (surrounding whitespace ignored), or undefined. */
export function findOffice(code: string): Office | undefined {
  return typeof code === 'string' ? OFFICE_BY_CODE.get(code.trim()) : undefined;
}

/** All seeded offices (a fresh array). */
export function listOffices(): Office[] {
  return [...OFFICES];
}

/**
 * Violations for an office code given as input (`office.format`: not 4 digits, `office.unknown`: no seeded
 * office); empty when the office exists.
 */
export function officeCodeViolations(code: unknown): RuleViolation[] {
  const value = typeof code === 'string' ? code.trim() : code;
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) {
    return [{ rule: 'office.format', message: 'must be a 4-digit Kemendagri kabupaten/kota code' }];
  }
  if (!OFFICE_BY_CODE.has(value)) {
    return [{ rule: 'office.unknown', message: `no MPP office is registered for code ${value}` }];
  }
  return [];
}
