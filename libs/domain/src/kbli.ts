/**
 * KBLI activities and their risk level per business scale, from the rule set an application is decided under
 * (`rule-sets.ts`: PP 5/2021, PP 28/2025; the rows and their sources are the JSON files in `data/rule-sets/`).
 *
 * Why curated: there is no open machine-readable KBLI-with-risk data set (docs/rules/kbli.md). The risk of an
 * activity is fixed per (KBLI 5-digit × skala usaha × sometimes a parameter such as land area or seats) in the
 * regulation's Lampiran I. Each row says where its values come from:
 * - `sourcedScales` lists the scales whose default risk level is taken from a cited source (the citation in
 *   `source`; docs/rules/kbli.md lists them);
 * - `verified` is true only when ALL four scales are sourced;
 * - every other value is a curated assumption that must be re-checked on oss.go.id ("KBLI berbasis risiko")
 *   before it is relied upon in production.
 *
 * Parameter rules (`parameterRules`) refine the per-scale default when the project's parameter is known (seats of a
 * restaurant, rooms of a boarding house, land area of a farm): `riskLevelFor(code, scale, { seats: 80 })`. Their
 * thresholds are curated assumptions unless the rule's `verified` is true.
 *
 * Every function takes the rule set to apply; without one, the latest (`LATEST_RULE_SET`).
 */
import { BusinessScale, RiskLevel } from '@mpp/contracts';
import { DomainRuleError, RuleViolation } from './errors';
import { LATEST_RULE_SET, RuleSet } from './rule-sets';

/** Classification the codes of the latest rule set belong to (Peraturan BPS 2/2020, used by OSS-RBA). */
export const KBLI_CLASSIFICATION = LATEST_RULE_SET.kbliClassification;

/** Version of the latest rule set's activity table; store it next to any risk level derived from it. */
export const KBLI_CATALOGUE_VERSION = LATEST_RULE_SET.catalogueVersion;

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
  /** Default risk level per business scale (the regulation's Lampiran I), used when no parameter applies. */
  risk: Readonly<Record<BusinessScale, RiskLevel>>;
  /** Parameter-dependent refinements, applied by `riskLevelFor(code, scale, parameters)`. */
  parameterRules?: readonly KbliParameterRule[];
  /** URL or citation for the sourced values, and a note on what is assumed. */
  source: string;
  /** Scales whose default risk value is taken from the cited source; the others are curated assumptions. */
  sourcedScales: readonly BusinessScale[];
  /** True only when every scale's default risk level comes from a cited source. */
  verified: boolean;
  /** What the activity covers in everyday words, and what is still to be re-checked. */
  note?: string;
}

const { RENDAH, MENENGAH_RENDAH, MENENGAH_TINGGI, TINGGI } = RiskLevel;

/** Severity order of the risk levels (for combining several parameter rules). */
const SEVERITY: Readonly<Record<RiskLevel, number>> = { [RENDAH]: 0, [MENENGAH_RENDAH]: 1, [MENENGAH_TINGGI]: 2, [TINGGI]: 3 };

/** The latest rule set's activities, ordered by code. */
export const KBLI_CATALOGUE: readonly KbliEntry[] = LATEST_RULE_SET.activities;

const BY_CODE = new WeakMap<RuleSet, ReadonlyMap<string, KbliEntry>>();
function byCode(ruleSet: RuleSet): ReadonlyMap<string, KbliEntry> {
  let map = BY_CODE.get(ruleSet);
  if (!map) {
    map = new Map(ruleSet.activities.map((e) => [e.code, e]));
    BY_CODE.set(ruleSet, map);
  }
  return map;
}

/** True when `code` has the shape of a KBLI kelompok code (exactly 5 digits). */
export function isKbliCodeFormat(code: unknown): code is string {
  return typeof code === 'string' && /^\d{5}$/.test(code);
}

/** Why a code is refused: it is not among the activities the rule set covers. */
export function notCoveredMessage(code: string, ruleSet: RuleSet = LATEST_RULE_SET): string {
  return `KBLI ${code} is not covered by ${ruleSet.regulation.short} (rule set ${ruleSet.id}, catalogue ${ruleSet.catalogueVersion})`;
}

/**
 * Violations for a KBLI code given as input (`kbli.format`: not 5 digits, `kbli.unknown`: not covered by the
 * rule set); empty when the code is usable.
 */
export function kbliCodeViolations(code: unknown, ruleSet: RuleSet = LATEST_RULE_SET): RuleViolation[] {
  const value = typeof code === 'string' ? code.trim() : code;
  if (!isKbliCodeFormat(value)) {
    return [{ rule: 'kbli.format', message: `must be a 5-digit ${ruleSet.kbliClassification === 'KBLI2025' ? 'KBLI 2025' : 'KBLI 2020'} code` }];
  }
  if (!byCode(ruleSet).has(value)) {
    return [{ rule: 'kbli.unknown', message: notCoveredMessage(value, ruleSet) }];
  }
  return [];
}

/** Finds an activity of the rule set by its 5-digit code (surrounding whitespace ignored); undefined when unknown. */
export function findKbli(code: string, ruleSet: RuleSet = LATEST_RULE_SET): KbliEntry | undefined {
  if (typeof code !== 'string') return undefined;
  return byCode(ruleSet).get(code.trim());
}

/**
 * Searches the catalogue: a query of digits matches code prefixes ("561" → 56101, 56102, 56103, 56104); any query
 * also matches a case-insensitive substring of the title ("kafe" → 56303). An empty query returns everything.
 */
export function searchKbli(q: string | undefined | null, ruleSet: RuleSet = LATEST_RULE_SET): KbliEntry[] {
  const query = (q ?? '').trim().toLowerCase();
  if (query === '') return [...ruleSet.activities];
  return ruleSet.activities.filter((e) => e.code.startsWith(query) || e.title.toLowerCase().includes(query));
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
  /** The rule set it was decided under (`RuleSet.id`). */
  ruleSet: string;
  catalogueVersion: string;
}

function lookup(code: string, scale: BusinessScale, ruleSet: RuleSet): KbliEntry {
  if (!isKbliCodeFormat(typeof code === 'string' ? code.trim() : code)) {
    throw new DomainRuleError('kbli', 'kbli.format', `KBLI code must be exactly 5 digits, got "${String(code)}"`);
  }
  const found = findKbli(code, ruleSet);
  if (!found) throw new DomainRuleError('kbli', 'kbli.unknown', notCoveredMessage(code.trim(), ruleSet));
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
export function assessRisk(code: string, scale: BusinessScale, parameters?: KbliParameters, ruleSet: RuleSet = LATEST_RULE_SET): RiskAssessment {
  const found = lookup(code, scale, ruleSet);
  const base = { kbli: found.code, scale, ruleSet: ruleSet.id, catalogueVersion: ruleSet.catalogueVersion };
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
export function riskLevelFor(code: string, scale: BusinessScale, parameters?: KbliParameters, ruleSet: RuleSet = LATEST_RULE_SET): RiskLevel {
  return assessRisk(code, scale, parameters, ruleSet).level;
}
