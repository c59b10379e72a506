/**
 * A hand-curated KBLI 2020 catalogue of common UMKM activities with their risk level per business scale.
 *
 * Why hand-curated: there is no open machine-readable KBLI-with-risk data set (docs/rules/kbli.md). The risk of an
 * activity is fixed per (KBLI 5-digit × skala usaha × sometimes a parameter such as land area or seats) in
 * PP 5/2021 Lampiran I, now replaced by PP 28/2025 (Ps. 5 and its Lampiran I; docs/rules/risk.md). OSS uses KBLI 2020
 * (Peraturan BPS 2/2020); KBLI 2025 (Peraturan BPS 7/2025) exists, so every stored code should carry the
 * classification version (docs/rules/kbli.md) — use `KBLI_CLASSIFICATION` and `KBLI_CATALOGUE_VERSION`.
 *
 * Each row says where its risk values come from:
 * - `sourcedScales` lists the scales whose default risk level is taken from a cited source (the citation in
 *   `source`; docs/rules/kbli.md lists them);
 * - `verified` is true only when ALL four scales are sourced;
 * - every other value is a curated assumption that must be re-checked on oss.go.id ("KBLI berbasis risiko")
 *   before it is relied upon in production. Treat the whole table as reference/test data, not as law.
 *
 * Parameter rules (`parameterRules`) refine the per-scale default when the project's parameter is known (seats of a
 * restaurant, rooms of a boarding house, land area of a farm): `riskLevelFor(code, scale, { seats: 80 })`. Their
 * thresholds are curated assumptions unless the rule's `verified` is true.
 */
import { BusinessScale, RiskLevel } from '@mpp/contracts';
import { DomainRuleError, RuleViolation } from './errors';

/** Classification the codes belong to (Peraturan BPS 2/2020, used by OSS-RBA). */
export const KBLI_CLASSIFICATION = 'KBLI2020';

/**
 * Version of this curated catalogue; store it next to any risk level derived from it.
 * 2026.11.28: 47 rows; 45405 replaced by 45407 and 96011 by 96200 (see the row comments); parameter rules.
 */
export const KBLI_CATALOGUE_VERSION = 'KBLI2020-curated-2026.11.28';

/** Project parameters a risk level may depend on. */
export type KbliParameter = 'seats' | 'rooms' | 'landAreaHa' | 'buildingAreaM2';

/** Values of project parameters, e.g. `{ seats: 40 }`; non-negative finite numbers. */
export type KbliParameters = Partial<Record<KbliParameter, number>>;

/** One band of a parameter rule. */
export interface KbliParameterRange {
  /** Inclusive upper bound of the band (`value <= upTo`); absent on the last, open-ended band. */
  upTo?: number;
  /** Risk level per business scale within this band. */
  risk: Readonly<Record<BusinessScale, RiskLevel>>;
}

/** A rule where the risk level also depends on a parameter of the project (land area, seats, rooms...). */
export interface KbliParameterRule {
  /** Machine name of the parameter. */
  parameter: KbliParameter;
  /** Unit of the parameter, e.g. `seats`, `rooms`, `ha`. */
  unit: string;
  /** What the rule says, in plain words, and which part of it is sourced. */
  description: string;
  /** Bands in ascending order of `upTo`; the last has no `upTo`. */
  ranges: readonly KbliParameterRange[];
  /** Citation for the rule (or the word "assumption" when the thresholds are curated). */
  source: string;
  /** True only when every band and scale of the rule comes from the cited source. */
  verified: boolean;
}

export interface KbliEntry {
  /** 5-digit KBLI 2020 kelompok code. */
  code: string;
  /** Indonesian title as in KBLI 2020. */
  title: string;
  /** Default risk level per business scale (PP 5/2021 Lampiran I style lookup), used when no parameter applies. */
  risk: Readonly<Record<BusinessScale, RiskLevel>>;
  /** Parameter-dependent refinements, applied by `riskLevelFor(code, scale, parameters)`. */
  parameterRules?: readonly KbliParameterRule[];
  /** URL or citation for the sourced values, and a note on what is assumed. */
  source: string;
  /** Scales whose default risk value is taken from the cited source; the others are curated assumptions. */
  sourcedScales: readonly BusinessScale[];
  /** True only when every scale's default risk level comes from a cited source. */
  verified: boolean;
}

const { MIKRO, KECIL, MENENGAH, BESAR } = BusinessScale;
const { RENDAH, MENENGAH_RENDAH, MENENGAH_TINGGI, TINGGI } = RiskLevel;
const ALL_SCALES: readonly BusinessScale[] = [MIKRO, KECIL, MENENGAH, BESAR];

/** Severity order of the risk levels (for combining several parameter rules). */
const SEVERITY: Readonly<Record<RiskLevel, number>> = { [RENDAH]: 0, [MENENGAH_RENDAH]: 1, [MENENGAH_TINGGI]: 2, [TINGGI]: 3 };

/** Risk map helper: the four levels in scale order Mikro, Kecil, Menengah, Besar. */
function risk(mikro: RiskLevel, kecil: RiskLevel, menengah: RiskLevel, besar: RiskLevel): Record<BusinessScale, RiskLevel> {
  return { [MIKRO]: mikro, [KECIL]: kecil, [MENENGAH]: menengah, [BESAR]: besar };
}

/** Same level for every scale. */
const all = (level: RiskLevel) => risk(level, level, level, level);

/** The most common shape among UMKM activities: Rendah for Mikro/Kecil, Menengah Rendah for Menengah/Besar. */
const R_R_MR_MR = risk(RENDAH, RENDAH, MENENGAH_RENDAH, MENENGAH_RENDAH);
/** Food processing: Menengah Rendah for Mikro/Kecil, Menengah Tinggi for Menengah/Besar. */
const MR_MR_MT_MT = risk(MENENGAH_RENDAH, MENENGAH_RENDAH, MENENGAH_TINGGI, MENENGAH_TINGGI);

// Citations (docs/rules/kbli.md describes each source).
const SRC_PP5_LAMPIRAN_I = 'PP 5/2021 Lampiran I (read from a public copy of the annex)';
const SRC_BATAM_2024 =
  'Batam "Rekapitulasi Rencana Pengawasan 2024" PDF (a regional supervision plan: KBLI, scale and risk per business)';
const SRC_OSS_GUIDE_UMK =
  'OSS guide "Individual UMK Licensing through OSS Indonesia Application" (BKPM), p.14 worked example: KBLI 56102, ' +
  'modal Rp200 jt, lahan 50 m² → "Skala usaha: Mikro, Risiko usaha: Rendah" — ' +
  'https://s3.oss.go.id/oss/cms/Individual-UMK-Licensing-through-OSS-Indonesia-Application-06bf4250d469428912b5b62592497112.pdf ' +
  '(read from a public source-review record of that PDF; re-check the PDF)';
const SRC_PROLEGAL_SEATS = 'prolegal.id ("tingkat risiko ... berdasarkan kapasitas kursi pelanggan"), a secondary source [S]';
const ASSUMPTION =
  'curated assumption, not from a cited source: re-check on oss.go.id "KBLI berbasis risiko" ' +
  '(https://oss.go.id/informasi/kbli-berbasis-risiko)';
const THRESHOLD_ASSUMPTION =
  'thresholds and levels are a curated assumption, not from a cited source: re-check on oss.go.id "KBLI berbasis risiko"';

type RuleInput = Omit<KbliParameterRule, 'ranges'> & { ranges: readonly KbliParameterRange[] };
type EntryInput = Omit<KbliEntry, 'verified' | 'parameterRules'> & { parameterRules?: readonly RuleInput[] };

function freezeRule(rule: RuleInput): KbliParameterRule {
  const ranges = rule.ranges.map((r) => Object.freeze({ ...r, risk: Object.freeze({ ...r.risk }) }));
  for (let i = 0; i < ranges.length; i++) {
    const last = i === ranges.length - 1;
    const upTo = ranges[i].upTo;
    if (last !== (upTo === undefined)) throw new Error(`parameter rule ${rule.parameter}: only the last band is open-ended`);
    if (i > 0 && upTo !== undefined && upTo <= (ranges[i - 1].upTo as number)) {
      throw new Error(`parameter rule ${rule.parameter}: bands must ascend`);
    }
  }
  return Object.freeze({ ...rule, ranges: Object.freeze(ranges) });
}

function entry(input: EntryInput): KbliEntry {
  const verified = ALL_SCALES.every((s) => input.sourcedScales.includes(s));
  return Object.freeze({
    ...input,
    risk: Object.freeze({ ...input.risk }),
    sourcedScales: Object.freeze([...input.sourcedScales]),
    parameterRules: input.parameterRules ? Object.freeze(input.parameterRules.map(freezeRule)) : undefined,
    verified,
  });
}

/** A row whose four default levels are all curated assumptions. */
function assumed(code: string, title: string, levels: Record<BusinessScale, RiskLevel>, extra: Partial<EntryInput> = {}): KbliEntry {
  return entry({ code, title, risk: levels, source: `All scales: ${ASSUMPTION}`, sourcedScales: [], ...extra });
}

/** The catalogue, ordered by code. */
export const KBLI_CATALOGUE: readonly KbliEntry[] = Object.freeze(
  [
    // --- A: agriculture & livestock -----------------------------------------------------------------------------
    entry({
      code: '01191',
      title: 'Pertanian Tanaman Pakan Ternak',
      risk: R_R_MR_MR,
      parameterRules: [
        {
          parameter: 'landAreaHa',
          unit: 'ha',
          description:
            'Land area: up to 25 ha → default levels; above 25 ha → Menengah Rendah for every scale. Sourced: Kecil with ' +
            '< 25 ha is Rendah, Menengah/Besar with > 25 ha is Menengah Rendah; the other cells and exactly 25 ha are assumed',
          ranges: [{ upTo: 25, risk: R_R_MR_MR }, { risk: all(MENENGAH_RENDAH) }],
          source: `${SRC_PP5_LAMPIRAN_I}; the remaining cells: ${THRESHOLD_ASSUMPTION}`,
          verified: false,
        },
      ],
      source: `${SRC_PP5_LAMPIRAN_I} for Kecil, Menengah, Besar; Mikro: ${ASSUMPTION}`,
      sourcedScales: [KECIL, MENENGAH, BESAR],
    }),
    entry({
      code: '01411',
      title: 'Pembibitan dan Budi Daya Sapi Potong',
      // Same KBLI, different risk by scale: the standard example of why risk is KBLI × scale (docs/rules/risk.md).
      risk: risk(RENDAH, RENDAH, TINGGI, TINGGI),
      source: `${SRC_PP5_LAMPIRAN_I} (Mikro/Kecil Rendah → NIB; Menengah/Besar Tinggi → NIB + Izin, 7 hari)`,
      sourcedScales: [MIKRO, KECIL, MENENGAH, BESAR],
    }),

    // --- C: manufacturing ----------------------------------------------------------------------------------------
    assumed('10710', 'Industri Produk Roti dan Kue', MR_MR_MT_MT),
    // Home food production (makanan olahan rumahan: frozen food, lauk kemasan); SPP-IRT is a PB-UMKU on top.
    assumed('10750', 'Industri Makanan dan Masakan Olahan', MR_MR_MT_MT),
    assumed('10793', 'Industri Kerupuk, Keripik, Peyek dan Sejenisnya', MR_MR_MT_MT),
    // Packaged beverages (minuman ringan: teh, sari buah, minuman serbuk). Title to re-check against KBLI 2020.
    assumed('11040', 'Industri Minuman Ringan', MR_MR_MT_MT),
    assumed('14111', 'Industri Pakaian Jadi (Konveksi) dari Tekstil', R_R_MR_MR),
    // Tailor working to order (penjahit); alteration only ("vermak") is 95291.
    assumed('14120', 'Penjahitan dan Pembuatan Pakaian Sesuai Pesanan', all(RENDAH)),
    // Printing (sablon, offset); photocopying is 82190.
    assumed('18111', 'Industri Pencetakan Umum', R_R_MR_MR),
    assumed('31001', 'Industri Furnitur dari Kayu', R_R_MR_MR),
    // Handicrafts not classified elsewhere (kerajinan, karangan bunga).
    assumed('32903', 'Industri Kerajinan YTDL', R_R_MR_MR),

    // --- G: trade and repair of vehicles ---------------------------------------------------------------------------
    // Car workshop (bengkel mobil).
    assumed('45201', 'Reparasi Mobil', R_R_MR_MR),
    // Car wash and detailing. Title to re-check against KBLI 2020.
    assumed('45202', 'Pencucian dan Salon Mobil', R_R_MR_MR),
    // Motorcycle workshop (bengkel motor). Catalogue versions up to 2026.11 used 45405, which in KBLI 2020 is (to our
    // best knowledge) wholesale of motorcycle parts; BPS boundary-case guidance lists repair as 45407. Re-check.
    assumed('45407', 'Reparasi dan Perawatan Sepeda Motor', R_R_MR_MR),

    // --- G: retail ---------------------------------------------------------------------------------------------------
    // Minimarket.
    assumed(
      '47111',
      'Perdagangan Eceran Berbagai Macam Barang yang Utamanya Makanan, Minuman atau Tembakau di Minimarket/Supermarket/Hypermarket',
      all(RENDAH),
    ),
    // "Toko kelontong" / warung sembako.
    assumed(
      '47112',
      'Perdagangan Eceran Berbagai Macam Barang yang Utamanya Makanan, Minuman atau Tembakau Bukan di Minimarket/Supermarket/Hypermarket (Tradisional)',
      all(RENDAH),
    ),
    entry({
      code: '47191',
      title:
        'Perdagangan Eceran Berbagai Macam Barang yang Utamanya Bukan Makanan, Minuman atau Tembakau di Toserba (Department Store)',
      risk: all(RENDAH),
      source:
        'Mikro: https://startnow.co.id/kbli/perdagangan-eceran-berbagai-macam-barang-yang-utamanya-bukan-makanan-minuman-atau-tembakau-di-toserba-department-store-1 ' +
        `(Rendah → NIB, plus toko swalayan obligations); Kecil, Menengah, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO],
    }),
    entry({
      code: '47221',
      title: 'Perdagangan Eceran Minuman Beralkohol',
      risk: all(TINGGI),
      source: `Besar: ${SRC_BATAM_2024}; Mikro, Kecil, Menengah: ${ASSUMPTION}`,
      sourcedScales: [BESAR],
    }),
    entry({
      // Apotek.
      code: '47721',
      title: 'Perdagangan Eceran Barang Farmasi di Apotik',
      risk: all(TINGGI),
      source: `Mikro: ${SRC_BATAM_2024}; Kecil, Menengah, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO],
    }),
    // Toko obat (licensed drugstore, no pharmacist-run apotek). Title to re-check against KBLI 2020.
    assumed('47722', 'Perdagangan Eceran Barang Farmasi Bukan di Apotik', all(MENENGAH_TINGGI)),
    // Online retail of food & similar goods ("jualan online").
    assumed(
      '47911',
      'Perdagangan Eceran melalui Media untuk Komoditi Makanan, Minuman, Tembakau, Kimia, Farmasi, Kosmetik dan Alat Laboratorium',
      all(RENDAH),
    ),
    // Online retail of other goods (fashion, household goods...).
    assumed('47919', 'Perdagangan Eceran melalui Media untuk Berbagai Macam Barang Lainnya', all(RENDAH)),

    // --- H: transport support ------------------------------------------------------------------------------------------
    entry({
      code: '52215',
      title: 'Aktivitas Perparkiran di Luar Badan Jalan',
      risk: all(MENENGAH_TINGGI),
      source: `Mikro: ${SRC_BATAM_2024}; Kecil, Menengah, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO],
    }),

    // --- I: accommodation and food service -----------------------------------------------------------------------
    // Homestay (pondok wisata: rooms in the owner's home).
    assumed('55130', 'Pondok Wisata', R_R_MR_MR),
    // Boarding house (rumah kos) per BPS boundary-case guidance.
    assumed('55900', 'Penyediaan Akomodasi Lainnya', R_R_MR_MR, {
      parameterRules: [
        {
          parameter: 'rooms',
          unit: 'rooms',
          description:
            'Rooms let: up to 10 → default levels; more than 10 → Menengah Rendah for every scale. The 10-room line is ' +
            'borrowed from regional tax law (rumah kos with more than 10 rooms is taxed like a hotel, UU 1/2022 HKPD), ' +
            'not from the risk annex',
          ranges: [{ upTo: 10, risk: R_R_MR_MR }, { risk: all(MENENGAH_RENDAH) }],
          source: THRESHOLD_ASSUMPTION,
          verified: false,
        },
      ],
    }),
    entry({
      code: '56101',
      title: 'Restoran',
      risk: R_R_MR_MR,
      parameterRules: [
        {
          parameter: 'seats',
          unit: 'seats',
          description:
            'Seating capacity for customers: up to 50 seats → default levels; more than 50 → Menengah Rendah for every ' +
            'scale. That the level depends on seats is sourced (prolegal.id [S]); the 50-seat line and the levels are assumed',
          ranges: [{ upTo: 50, risk: R_R_MR_MR }, { risk: all(MENENGAH_RENDAH) }],
          source: `${SRC_PROLEGAL_SEATS}; ${THRESHOLD_ASSUMPTION}`,
          verified: false,
        },
      ],
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      code: '56102',
      title: 'Rumah/Warung Makan',
      risk: R_R_MR_MR,
      source: `Mikro: ${SRC_OSS_GUIDE_UMK}; Kecil, Menengah, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO],
    }),
    // Food stall in a non-permanent building (bongkar pasang).
    assumed('56103', 'Kedai Makanan', R_R_MR_MR),
    // Street food vendors (pedagang keliling, kaki lima).
    assumed('56104', 'Penyediaan Makanan Keliling/Tempat Tidak Tetap', R_R_MR_MR),
    // Catering for occasional events (pesta, hajatan).
    assumed('56210', 'Jasa Boga untuk Suatu Event Tertentu (Event Catering)', all(MENENGAH_RENDAH)),
    // Catering under contract for a period (kantin kantor/pabrik, katering harian).
    assumed('56290', 'Penyedia Jasa Boga Periode Tertentu', all(MENENGAH_RENDAH)),
    assumed('56303', 'Rumah Minum/Kafe', R_R_MR_MR),
    // Drinks sold from carts/stalls (es teh, jamu keliling).
    assumed('56306', 'Penyediaan Minuman Keliling/Tempat Tidak Tetap', all(RENDAH)),

    // --- J, M, N, P: services ------------------------------------------------------------------------------------------
    assumed('62019', 'Aktivitas Pemrograman Komputer Lainnya', all(RENDAH)),
    // Photo studios and photographers. Title to re-check against KBLI 2020.
    assumed('74201', 'Aktivitas Fotografi', all(RENDAH)),
    assumed('79111', 'Aktivitas Agen Perjalanan Wisata', R_R_MR_MR),
    // Photocopy and document services (fotokopi, jilid, pengetikan).
    assumed('82190', 'Aktivitas Fotokopi, Penyiapan Dokumen dan Aktivitas Khusus Penunjang Kantor Lainnya', all(RENDAH)),
    // Event organiser (EO, wedding organiser). Title to re-check against KBLI 2020.
    assumed('82302', 'Jasa Penyelenggara Event Khusus (Special Event)', R_R_MR_MR),
    entry({
      code: '82920',
      title: 'Aktivitas Pengepakan',
      risk: all(TINGGI),
      source:
        'Mikro: https://startnow.co.id/kbli/aktivitas-pengepakan-1 (Tinggi → Izin, 7 hari); ' +
        `Menengah: ${SRC_BATAM_2024}; Kecil, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO, MENENGAH],
    }),
    // Tutoring centres (bimbel). Title to re-check against KBLI 2020.
    assumed('85495', 'Pendidikan Bimbingan Belajar dan Konseling Swasta', R_R_MR_MR),

    // --- Q: health ---------------------------------------------------------------------------------------------------
    entry({
      code: '86105',
      title: 'Aktivitas Klinik Swasta',
      risk: all(MENENGAH_TINGGI),
      source: `Mikro: ${SRC_BATAM_2024}; Kecil, Menengah, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO],
    }),

    // --- S: repair and personal services -----------------------------------------------------------------------
    // Computer/laptop repair.
    assumed('95110', 'Reparasi Komputer dan Peralatan Sejenisnya', all(RENDAH)),
    // Mobile phone repair (servis HP).
    assumed('95120', 'Reparasi Peralatan Komunikasi', all(RENDAH)),
    // Shoe & leather-goods repair (sol sepatu).
    assumed('95230', 'Reparasi Alas Kaki dan Barang dari Kulit', all(RENDAH)),
    // Barbershop.
    assumed('96111', 'Aktivitas Pangkas Rambut', R_R_MR_MR),
    // Beauty salon.
    assumed('96112', 'Aktivitas Salon Kecantikan', R_R_MR_MR),
    // Laundry. Catalogue versions up to 2026.11 used 96011 "Aktivitas Binatu", which is not a KBLI 2020 code as far
    // as we can tell; laundry is 96200 "Aktivitas Penatu". Re-check.
    assumed('96200', 'Aktivitas Penatu', R_R_MR_MR),
  ].sort((a, b) => a.code.localeCompare(b.code)),
);

const BY_CODE: ReadonlyMap<string, KbliEntry> = new Map(KBLI_CATALOGUE.map((e) => [e.code, e]));

/** True when `code` has the shape of a KBLI kelompok code (exactly 5 digits). */
export function isKbliCodeFormat(code: unknown): code is string {
  return typeof code === 'string' && /^\d{5}$/.test(code);
}

/**
 * Violations for a KBLI code given as input (`kbli.format`: not 5 digits, `kbli.unknown`: not in the catalogue);
 * empty when the code is usable.
 */
export function kbliCodeViolations(code: unknown): RuleViolation[] {
  const value = typeof code === 'string' ? code.trim() : code;
  if (!isKbliCodeFormat(value)) {
    return [{ rule: 'kbli.format', message: 'must be a 5-digit KBLI 2020 code' }];
  }
  if (!BY_CODE.has(value)) {
    return [{ rule: 'kbli.unknown', message: `${value} is not in the catalogue ${KBLI_CATALOGUE_VERSION}` }];
  }
  return [];
}

/** Finds a catalogue entry by its 5-digit code (surrounding whitespace ignored); undefined when unknown. */
export function findKbli(code: string): KbliEntry | undefined {
  if (typeof code !== 'string') return undefined;
  return BY_CODE.get(code.trim());
}

/**
 * Searches the catalogue: a query of digits matches code prefixes ("561" → 56101, 56102, 56103, 56104); any query
 * also matches a case-insensitive substring of the title ("kafe" → 56303). An empty query returns everything.
 */
export function searchKbli(q: string | undefined | null): KbliEntry[] {
  const query = (q ?? '').trim().toLowerCase();
  if (query === '') return [...KBLI_CATALOGUE];
  return KBLI_CATALOGUE.filter((e) => e.code.startsWith(query) || e.title.toLowerCase().includes(query));
}

/** How a risk level was determined. */
export interface RiskAssessment {
  kbli: string;
  scale: BusinessScale;
  level: RiskLevel;
  /** `DEFAULT`: the per-scale row; `PARAMETER`: a parameter rule applied. */
  basis: 'DEFAULT' | 'PARAMETER';
  /** The parameter(s) that decided the level (basis `PARAMETER`). */
  parameters?: KbliParameters;
  /** True when this very value comes from a cited source (the scale is in `sourcedScales`, or the rule is verified). */
  sourced: boolean;
  /** Citation of the row or rule used. */
  source: string;
  catalogueVersion: string;
}

function lookup(code: string, scale: BusinessScale): KbliEntry {
  if (!isKbliCodeFormat(typeof code === 'string' ? code.trim() : code)) {
    throw new DomainRuleError('kbli', 'kbli.format', `KBLI code must be exactly 5 digits, got "${String(code)}"`);
  }
  const found = findKbli(code);
  if (!found) {
    throw new DomainRuleError('kbli', 'kbli.unknown', `KBLI ${code.trim()} is not in the catalogue ${KBLI_CATALOGUE_VERSION}`);
  }
  if (found.risk[scale] === undefined) {
    throw new DomainRuleError('businessScale', 'scale.unknown', `unknown business scale "${String(scale)}"`);
  }
  return found;
}

/**
 * Full risk determination with its basis and provenance. With `parameters`, each parameter rule of the activity whose
 * parameter is given picks its band (`value <= upTo`, first match; the open last band otherwise); when several
 * rules apply the most severe level wins. Parameters the activity has no rule for are ignored; without an applicable
 * parameter the per-scale default is used.
 * @throws DomainRuleError `kbli.format` / `kbli.unknown` (field `kbli`), `scale.unknown` (field `businessScale`),
 *   `kbli.parameter` (field `parameters.<name>`) for a negative or non-finite parameter value
 */
export function assessRisk(code: string, scale: BusinessScale, parameters?: KbliParameters): RiskAssessment {
  const found = lookup(code, scale);
  const base = { kbli: found.code, scale, catalogueVersion: KBLI_CATALOGUE_VERSION };
  let best: { level: RiskLevel; rule: KbliParameterRule; used: KbliParameters } | undefined;
  for (const rule of found.parameterRules ?? []) {
    const value = parameters?.[rule.parameter];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new DomainRuleError(
        `parameters.${rule.parameter}`,
        'kbli.parameter',
        `${rule.parameter} must be a non-negative number of ${rule.unit}, got ${String(value)}`,
      );
    }
    const band = rule.ranges.find((r) => r.upTo === undefined || value <= r.upTo) as KbliParameterRange;
    const level = band.risk[scale];
    if (!best || SEVERITY[level] > SEVERITY[best.level]) {
      best = { level, rule, used: { [rule.parameter]: value } };
    } else if (SEVERITY[level] === SEVERITY[best.level]) {
      best.used = { ...best.used, [rule.parameter]: value };
    }
  }
  if (best) {
    return {
      ...base,
      level: best.level,
      basis: 'PARAMETER',
      parameters: best.used,
      sourced: best.rule.verified,
      source: best.rule.source,
    };
  }
  return {
    ...base,
    level: found.risk[scale],
    basis: 'DEFAULT',
    sourced: found.sourcedScales.includes(scale),
    source: found.source,
  };
}

/**
 * Risk level of an activity for a business scale (PP 5/2021 Lampiran I style lookup, KBLI × scale), refined by the
 * activity's parameter rules when `parameters` are given (e.g. `{ seats: 80 }` for a restaurant). Without
 * parameters this is the per-scale default row, exactly as before parameter rules existed. See `assessRisk`.
 * @throws DomainRuleError `kbli.format` / `kbli.unknown` (field `kbli`), `scale.unknown` (field `businessScale`),
 *   `kbli.parameter` (field `parameters.<name>`)
 */
export function riskLevelFor(code: string, scale: BusinessScale, parameters?: KbliParameters): RiskLevel {
  return assessRisk(code, scale, parameters).level;
}
