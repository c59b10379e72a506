/**
 * Loader for the committed Kemendagri code list `data/regions-2025.json` (Kepmendagri 300.2.2-2138/2025 via
 * idn-area-data 4.0.1, ODbL 1.0 — see libs/domain/DATA-LICENSES.md). Internal to the domain library: use the
 * functions of `regions.ts`.
 *
 * The file (~360 kB) is read and indexed once, on the first lookup, not when the library is imported; village
 * suffix lists are decoded per kecamatan on first use. It is read with `fs` next to this module (the type-only
 * import below makes `tsc` copy the JSON into `dist/` with the compiled code), which works in CommonJS under
 * ts-jest and in the compiled services alike. The file is produced by `libs/domain/scripts/generate-regions.mjs`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type RegionsJson from './data/regions-2025.json';

/** The `header` of the data file: source, licence, attribution and generation date. */
export interface RegionDataHeader {
  dataset: string;
  /** e.g. `Kepmendagri 300.2.2-2138/2025 via idn-area-data 4.0.1`. */
  source: string;
  sourceUrl: string;
  regulation: string;
  /** SPDX id, `ODbL-1.0`. */
  license: string;
  licenseName: string;
  licenseUrl: string;
  copyright: string;
  /** ODbL §4.3 notice to show wherever region names/codes from this data are published. */
  attribution: string;
  derivative: string;
  generator: string;
  /** YYYY-MM-DD. */
  generatedAt: string;
  counts: Readonly<Record<string, number>>;
}

export interface DistrictRecord {
  code: string;
  name: string;
  /** Encoded village suffixes, e.g. `1001-1006,2001`. */
  villages: string;
}

export interface RegionData {
  header: RegionDataHeader;
  provinces: ReadonlyMap<string, string>;
  regencies: ReadonlyMap<string, string>;
  districts: ReadonlyMap<string, DistrictRecord>;
  /** Districts per regency code, in code order. */
  districtsByRegency: ReadonlyMap<string, readonly string[]>;
}

const DATA_FILE = join(__dirname, 'data', 'regions-2025.json');

let loaded: RegionData | undefined;
const villageCache = new Map<string, ReadonlySet<string>>();

/** Parses and indexes the data file (once). Throws if the file is missing or malformed. */
export function regionData(): RegionData {
  if (loaded) return loaded;
  const raw = JSON.parse(readFileSync(DATA_FILE, 'utf8')) as typeof RegionsJson;
  if (!raw?.header || !Array.isArray(raw.provinces) || !Array.isArray(raw.regencies) || !Array.isArray(raw.districts)) {
    throw new Error(`${DATA_FILE}: not a region data file`);
  }
  const districts = new Map<string, DistrictRecord>();
  const districtsByRegency = new Map<string, string[]>();
  for (const [code, name, villages] of raw.districts) {
    districts.set(code, { code, name, villages });
    const regency = code.slice(0, 4);
    const list = districtsByRegency.get(regency);
    if (list) list.push(code);
    else districtsByRegency.set(regency, [code]);
  }
  loaded = {
    header: Object.freeze({ ...(raw.header as unknown as RegionDataHeader), counts: Object.freeze({ ...raw.header.counts }) }),
    provinces: new Map(raw.provinces.map(([code, name]) => [code, name])),
    regencies: new Map(raw.regencies.map(([code, name]) => [code, name])),
    districts,
    districtsByRegency,
  };
  return loaded;
}

/** Decodes `1001-1003,2001` → {'1001','1002','1003','2001'}. */
export function decodeVillageSuffixes(encoded: string): string[] {
  const out: string[] = [];
  if (encoded === '') return out;
  for (const part of encoded.split(',')) {
    const [from, to = from] = part.split('-');
    for (let n = Number(from); n <= Number(to); n++) out.push(String(n).padStart(4, '0'));
  }
  return out;
}

/** The 4-digit village suffixes of a 6-digit kecamatan code (decoded once per kecamatan), or undefined. */
export function villageSuffixesOf(district6: string): ReadonlySet<string> | undefined {
  const cached = villageCache.get(district6);
  if (cached) return cached;
  const district = regionData().districts.get(district6);
  if (!district) return undefined;
  const set: ReadonlySet<string> = new Set(decodeVillageSuffixes(district.villages));
  villageCache.set(district6, set);
  return set;
}
