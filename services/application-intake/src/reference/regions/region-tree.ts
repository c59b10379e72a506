import {
  findDistrict,
  findRegency,
  listDistricts,
  listRegencies,
  listVillageCodes,
  normalizeDistrictCode,
  normalizeRegencyCode,
  PROVINCES,
  isProvinceCode,
  regionDataInfo,
  villageKind,
  VillageKind,
} from '@mpp/domain';
import { RequestValidationException } from '@mpp/platform';

export type RegionLevel = 'PROVINCE' | 'REGENCY' | 'DISTRICT' | 'VILLAGE';

/** One region of the list: its code, its name (desa/kelurahan have none in the data), its kind. */
export interface RegionItem {
  code: string;
  /** Absent for a desa/kelurahan: the code list carries no village names. */
  name?: string;
  /** KABUPATEN/KOTA for a regency; KELURAHAN/DESA/DESA_ADAT for a village. */
  kind?: string;
}

export interface RegionChildren {
  /** The parent asked for (bare digits), null for the provinces. */
  parent: string | null;
  level: RegionLevel;
  items: RegionItem[];
  /** The ODbL notice of the region data (libs/domain/DATA-LICENSES.md). */
  attribution: string;
}

const badParent = (rule: string, message: string) => new RequestValidationException([{ field: 'parent', rule, message }]);

/**
 * The children of a region in the Kemendagri tree (Kepmendagri 300.2.2-2138/2025): the provinces without a
 * parent; the kabupaten/kota of a 2-digit province; the kecamatan of a 4-digit kab/kota (`3373` or `33.73`);
 * the desa/kelurahan of a 6-digit kecamatan (`337301` or `33.73.01`). A malformed or unknown parent is a 400
 * naming `parent`.
 */
export function regionChildren(parent?: string): RegionChildren {
  const attribution = regionDataInfo().attribution;
  const value = (parent ?? '').trim();
  if (value === '') {
    return { parent: null, level: 'PROVINCE', items: PROVINCES.map((p) => ({ code: p.code, name: p.name })), attribution };
  }
  if (/^\d{2}$/.test(value)) {
    if (!isProvinceCode(value)) throw badParent('knownRegion', `parent ${value} is not a province in Kepmendagri 300.2.2-2138/2025`);
    const items = listRegencies(value).map((r) => ({ code: r.code, name: r.name, kind: r.kind }));
    return { parent: value, level: 'REGENCY', items, attribution };
  }
  const regency = normalizeRegencyCode(value);
  if (regency) {
    if (!findRegency(regency)) throw badParent('knownRegion', `parent ${regency} is not a kabupaten/kota in Kepmendagri 300.2.2-2138/2025`);
    return { parent: regency, level: 'DISTRICT', items: listDistricts(regency).map((d) => ({ code: d.code, name: d.name })), attribution };
  }
  const district = normalizeDistrictCode(value);
  if (district) {
    if (!findDistrict(district)) throw badParent('knownRegion', `parent ${district} is not a kecamatan in Kepmendagri 300.2.2-2138/2025`);
    const items = listVillageCodes(district).map((code) => ({ code, kind: villageKind(code) as VillageKind }));
    return { parent: district, level: 'VILLAGE', items, attribution };
  }
  throw badParent(
    'regionCode',
    'parent must be a Kemendagri code of 2 (province), 4 (kabupaten/kota, e.g. 3373 or 33.73) or 6 digits (kecamatan, e.g. 337301 or 33.73.01)',
  );
}
