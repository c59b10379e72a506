/**
 * A small, hand-curated KBLI 2020 catalogue of common UMKM activities with their risk level per business scale.
 *
 * Why hand-curated: there is no open machine-readable KBLI-with-risk data set (domain-rules.md §4). The risk of an
 * activity is fixed per (KBLI 5-digit × skala usaha × sometimes a parameter such as land area or seats) in
 * PP 5/2021 Lampiran I, now replaced by PP 28/2025 (domain-rules.md §0.1, §1). OSS uses KBLI 2020
 * (Peraturan BPS 2/2020); KBLI 2025 (Peraturan BPS 7/2025) exists, so every stored code should carry the
 * classification version (domain-rules.md §2.9) — use `KBLI_CLASSIFICATION` and `KBLI_CATALOGUE_VERSION`.
 *
 * Each row says where its risk values come from:
 * - `sourcedScales` lists the scales whose risk level is taken from a source cited in domain-rules.md §2.2;
 * - `verified` is true only when ALL four scales are sourced;
 * - every other value is a curated assumption that must be re-checked on oss.go.id ("KBLI berbasis risiko")
 *   before it is relied upon in production. Treat the whole table as reference/test data, not as law.
 */
import { BusinessScale, RiskLevel } from '@mpp/contracts';
import { DomainRuleError, RuleViolation } from './errors';

/** Classification the codes belong to (Peraturan BPS 2/2020, used by OSS-RBA). */
export const KBLI_CLASSIFICATION = 'KBLI2020';

/** Version of this curated catalogue; store it next to any risk level derived from it. */
export const KBLI_CATALOGUE_VERSION = 'KBLI2020-curated-2026.11';

/**
 * A rule where the risk level also depends on a parameter of the project (land area, seats...).
 * Descriptive data for now: the catalogue's `risk` map holds the default per scale and these rules explain
 * how OSS may refine it.
 */
export interface KbliParameterRule {
  /** Machine name of the parameter, e.g. `seats` or `landAreaHa`. */
  parameter: string;
  /** What the rule says, in plain words. */
  description: string;
  /** Unit of the parameter, e.g. `ha` or `seats`. */
  unit?: string;
  /** Scales the rule applies to (all when omitted). */
  scales?: readonly BusinessScale[];
  /** Citation for the rule itself. */
  source?: string;
}

export interface KbliEntry {
  /** 5-digit KBLI 2020 kelompok code. */
  code: string;
  /** Indonesian title as in KBLI 2020. */
  title: string;
  /** Risk level per business scale (PP 5/2021 Lampiran I style lookup). */
  risk: Readonly<Record<BusinessScale, RiskLevel>>;
  /** Parameter-dependent refinements (descriptive only). */
  parameterRules?: readonly KbliParameterRule[];
  /** URL or citation for the sourced values, and a note on what is assumed. */
  source: string;
  /** Scales whose risk value is taken from the cited source; the others are curated assumptions. */
  sourcedScales: readonly BusinessScale[];
  /** True only when every scale's risk level comes from a cited source. */
  verified: boolean;
}

const { MIKRO, KECIL, MENENGAH, BESAR } = BusinessScale;
const { RENDAH, MENENGAH_RENDAH, MENENGAH_TINGGI, TINGGI } = RiskLevel;
const ALL_SCALES: readonly BusinessScale[] = [MIKRO, KECIL, MENENGAH, BESAR];

/** Risk map helper: the four levels in scale order Mikro, Kecil, Menengah, Besar. */
function risk(mikro: RiskLevel, kecil: RiskLevel, menengah: RiskLevel, besar: RiskLevel): Record<BusinessScale, RiskLevel> {
  return { [MIKRO]: mikro, [KECIL]: kecil, [MENENGAH]: menengah, [BESAR]: besar };
}

// Citations (see domain-rules.md §2.2 for the full references).
const SRC_PP5_LAMPIRAN_I = 'PP 5/2021 Lampiran I (scribd copy), as cited in domain-rules.md §2.2';
const SRC_BATAM_2024 =
  'Batam "Rekapitulasi Rencana Pengawasan 2024" PDF (github user-attachments), as cited in domain-rules.md §2.2';
const ASSUMPTION =
  'curated assumption, not from a cited source: re-check on oss.go.id "KBLI berbasis risiko" (domain-rules.md §2.2)';

type EntryInput = Omit<KbliEntry, 'verified'>;

function entry(input: EntryInput): KbliEntry {
  const verified = ALL_SCALES.every((s) => input.sourcedScales.includes(s));
  return Object.freeze({
    ...input,
    risk: Object.freeze({ ...input.risk }),
    sourcedScales: Object.freeze([...input.sourcedScales]),
    parameterRules: input.parameterRules ? Object.freeze(input.parameterRules.map((r) => Object.freeze({ ...r }))) : undefined,
    verified,
  });
}

/** The catalogue, ordered by code. */
export const KBLI_CATALOGUE: readonly KbliEntry[] = Object.freeze(
  [
    entry({
      code: '01191',
      title: 'Pertanian Tanaman Pakan Ternak',
      risk: risk(RENDAH, RENDAH, MENENGAH_RENDAH, MENENGAH_RENDAH),
      parameterRules: [
        {
          parameter: 'landAreaHa',
          unit: 'ha',
          description: 'Usaha kecil with land < 25 ha: Rendah (NIB); menengah/besar with land > 25 ha: Menengah Rendah (NIB + SS)',
          source: SRC_PP5_LAMPIRAN_I,
        },
      ],
      source: `${SRC_PP5_LAMPIRAN_I} for Kecil, Menengah, Besar; Mikro: ${ASSUMPTION}`,
      sourcedScales: [KECIL, MENENGAH, BESAR],
    }),
    entry({
      code: '01411',
      title: 'Pembibitan dan Budi Daya Sapi Potong',
      // Same KBLI, different risk by scale: the standard example of why risk is KBLI × scale (domain-rules §0.1).
      risk: risk(RENDAH, RENDAH, TINGGI, TINGGI),
      source: `${SRC_PP5_LAMPIRAN_I} (Mikro/Kecil Rendah → NIB; Menengah/Besar Tinggi → NIB + Izin, 7 hari)`,
      sourcedScales: [MIKRO, KECIL, MENENGAH, BESAR],
    }),
    entry({
      code: '10710',
      title: 'Industri Produk Roti dan Kue',
      risk: risk(MENENGAH_RENDAH, MENENGAH_RENDAH, MENENGAH_TINGGI, MENENGAH_TINGGI),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      code: '10793',
      title: 'Industri Kerupuk, Keripik, Peyek dan Sejenisnya',
      risk: risk(MENENGAH_RENDAH, MENENGAH_RENDAH, MENENGAH_TINGGI, MENENGAH_TINGGI),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      code: '14111',
      title: 'Industri Pakaian Jadi (Konveksi) dari Tekstil',
      risk: risk(RENDAH, RENDAH, MENENGAH_RENDAH, MENENGAH_RENDAH),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      // Motorcycle repair workshop (bengkel). Note: 45403 is wholesale of motorcycle parts, not repair.
      code: '45405',
      title: 'Reparasi dan Perawatan Sepeda Motor',
      risk: risk(RENDAH, RENDAH, MENENGAH_RENDAH, MENENGAH_RENDAH),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      // "Toko kelontong" / warung sembako.
      code: '47112',
      title:
        'Perdagangan Eceran Berbagai Macam Barang yang Utamanya Makanan, Minuman atau Tembakau Bukan di Minimarket/Supermarket/Hypermarket (Tradisional)',
      risk: risk(RENDAH, RENDAH, RENDAH, RENDAH),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      code: '47191',
      title:
        'Perdagangan Eceran Berbagai Macam Barang yang Utamanya Bukan Makanan, Minuman atau Tembakau di Toserba (Department Store)',
      risk: risk(RENDAH, RENDAH, RENDAH, RENDAH),
      source:
        'Mikro: https://startnow.co.id/kbli/perdagangan-eceran-berbagai-macam-barang-yang-utamanya-bukan-makanan-minuman-atau-tembakau-di-toserba-department-store-1 ' +
        `(Rendah → NIB, plus toko swalayan obligations); Kecil, Menengah, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO],
    }),
    entry({
      code: '47221',
      title: 'Perdagangan Eceran Minuman Beralkohol',
      risk: risk(TINGGI, TINGGI, TINGGI, TINGGI),
      source: `Besar: ${SRC_BATAM_2024}; Mikro, Kecil, Menengah: ${ASSUMPTION}`,
      sourcedScales: [BESAR],
    }),
    entry({
      // Apotek.
      code: '47721',
      title: 'Perdagangan Eceran Barang Farmasi di Apotik',
      risk: risk(TINGGI, TINGGI, TINGGI, TINGGI),
      source: `Mikro: ${SRC_BATAM_2024}; Kecil, Menengah, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO],
    }),
    entry({
      // Online retail of food & similar goods ("jualan online").
      code: '47911',
      title:
        'Perdagangan Eceran melalui Media untuk Komoditi Makanan, Minuman, Tembakau, Kimia, Farmasi, Kosmetik dan Alat Laboratorium',
      risk: risk(RENDAH, RENDAH, RENDAH, RENDAH),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      code: '52215',
      title: 'Aktivitas Perparkiran di Luar Badan Jalan',
      risk: risk(MENENGAH_TINGGI, MENENGAH_TINGGI, MENENGAH_TINGGI, MENENGAH_TINGGI),
      source: `Mikro: ${SRC_BATAM_2024}; Kecil, Menengah, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO],
    }),
    entry({
      code: '56101',
      title: 'Restoran',
      risk: risk(RENDAH, RENDAH, MENENGAH_RENDAH, MENENGAH_RENDAH),
      parameterRules: [
        {
          parameter: 'seats',
          unit: 'seats',
          description:
            'Risk level depends on the seating capacity for customers (prolegal.id [S]); thresholds not yet sourced — ' +
            'the per-scale levels here are the assumed default',
          source: 'prolegal.id, as cited in domain-rules.md §2.2 [S]',
        },
      ],
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      code: '56102',
      title: 'Rumah/Warung Makan',
      risk: risk(RENDAH, RENDAH, MENENGAH_RENDAH, MENENGAH_RENDAH),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      code: '56303',
      title: 'Rumah Minum/Kafe',
      risk: risk(RENDAH, RENDAH, MENENGAH_RENDAH, MENENGAH_RENDAH),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      code: '62019',
      title: 'Aktivitas Pemrograman Komputer Lainnya',
      risk: risk(RENDAH, RENDAH, RENDAH, RENDAH),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      code: '82920',
      title: 'Aktivitas Pengepakan',
      risk: risk(TINGGI, TINGGI, TINGGI, TINGGI),
      source:
        'Mikro: https://startnow.co.id/kbli/aktivitas-pengepakan-1 (Tinggi → Izin, 7 hari); ' +
        `Menengah: ${SRC_BATAM_2024}; Kecil, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO, MENENGAH],
    }),
    entry({
      code: '86105',
      title: 'Aktivitas Klinik Swasta',
      risk: risk(MENENGAH_TINGGI, MENENGAH_TINGGI, MENENGAH_TINGGI, MENENGAH_TINGGI),
      source: `Mikro: ${SRC_BATAM_2024}; Kecil, Menengah, Besar: ${ASSUMPTION}`,
      sourcedScales: [MIKRO],
    }),
    entry({
      // Shoe & leather-goods repair (sol sepatu).
      code: '95230',
      title: 'Reparasi Alas Kaki dan Barang dari Kulit',
      risk: risk(RENDAH, RENDAH, RENDAH, RENDAH),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
    entry({
      // Laundry. Title to re-check against the BPS KBLI 2020 publication.
      code: '96011',
      title: 'Aktivitas Binatu',
      risk: risk(RENDAH, RENDAH, MENENGAH_RENDAH, MENENGAH_RENDAH),
      source: `All scales: ${ASSUMPTION}`,
      sourcedScales: [],
    }),
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
 * Searches the catalogue: a query of digits matches code prefixes ("561" → 56101, 56102); any query also
 * matches a case-insensitive substring of the title ("kafe" → 56303). An empty query returns everything.
 */
export function searchKbli(q: string | undefined | null): KbliEntry[] {
  const query = (q ?? '').trim().toLowerCase();
  if (query === '') return [...KBLI_CATALOGUE];
  return KBLI_CATALOGUE.filter((e) => e.code.startsWith(query) || e.title.toLowerCase().includes(query));
}

/**
 * Risk level of an activity for a business scale (PP 5/2021 Lampiran I style lookup, KBLI × scale).
 * Parameter-dependent rules (`parameterRules`) are not applied; the per-scale default is returned.
 * @throws DomainRuleError `kbli.format` / `kbli.unknown` (field `kbli`), or `scale.unknown` (field `businessScale`)
 */
export function riskLevelFor(code: string, scale: BusinessScale): RiskLevel {
  if (!isKbliCodeFormat(typeof code === 'string' ? code.trim() : code)) {
    throw new DomainRuleError('kbli', 'kbli.format', `KBLI code must be exactly 5 digits, got "${String(code)}"`);
  }
  const found = findKbli(code);
  if (!found) {
    throw new DomainRuleError(
      'kbli',
      'kbli.unknown',
      `KBLI ${code.trim()} is not in the catalogue ${KBLI_CATALOGUE_VERSION}`,
    );
  }
  const level = found.risk[scale];
  if (level === undefined) {
    throw new DomainRuleError('businessScale', 'scale.unknown', `unknown business scale "${String(scale)}"`);
  }
  return level;
}
