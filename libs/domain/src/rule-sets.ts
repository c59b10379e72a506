/**
 * The licensing rules in force, as versioned data: each rule set names its regulation, the dates it applies
 * between, the permits each risk level yields, which permits a lapsed deadline deems approved, and its KBLI
 * activities with their risk per business scale, every row citing its source (docs/rules/rule-sets.md).
 *
 * The rule sets are the JSON files in `data/rule-sets/`; a new regulation is a new file there (and an entry in
 * `RULE_SET_FILES`), not a change to the use cases. They are checked when this module is loaded, so a service
 * with a bad rule-set file does not start: the error names the file's rule set and the row.
 */
import { BusinessScale, PermitType, RiskLevel } from '@mpp/contracts';
import type { KbliEntry, KbliParameter, KbliParameterRange, KbliParameterRule } from './kbli';
import { localDate, WorkingDayTimeZone } from './working-days';
import pp5of2021 from './data/rule-sets/pp-5-2021.json';
import pp28of2025 from './data/rule-sets/pp-28-2025.json';

/** The rule-set files, in any order (they are sorted by their effective dates). */
export const RULE_SET_FILES: readonly unknown[] = [pp5of2021, pp28of2025];

/** KBLI classification versions (Peraturan BPS 2/2020, Peraturan BPS 7/2025). */
export type KbliClassification = 'KBLI2020' | 'KBLI2025';

/** The stages whose deadline can lapse: the verifier's check of the documents, the head of office's decision. */
export type DeemedStage = 'VERIFICATION' | 'APPROVAL';
const DEEMED_STAGES: readonly DeemedStage[] = ['VERIFICATION', 'APPROVAL'];

/** A permit type that a lapsed deadline deems approved under a rule set (fiktif positif). */
export interface DeemedApproval {
  permit: PermitType;
  /** The risk level whose permit it is. */
  risk: RiskLevel;
  /** The stage whose lapsed deadline deems it approved. */
  stage: DeemedStage;
  /** The legal basis as the certificate names it, e.g. `PP 28/2025 Pasal 225`. */
  basis: string;
  /** What the article says, and where it was read. */
  source: string;
}

export interface RuleSet {
  /** Stable identifier stored with every decision made under it, e.g. `PP-28-2025`. */
  id: string;
  regulation: {
    /** Short citation, e.g. `PP 28/2025`. */
    short: string;
    /** Full title in Indonesian. */
    title: string;
    /** The regulation's page in a national regulation database. */
    url: string;
  };
  /** First day it applies (`YYYY-MM-DD`, the office's local date). */
  effectiveFrom: string;
  /** First day it no longer applies, when a later rule set replaced it. */
  effectiveUntil: string | null;
  effectiveSource: string;
  /**
   * How long an office may go on applying the previous rule set after `effectiveFrom` (the regulation's
   * transition): its own switch date, at the latest `adoptBy`.
   */
  transition: { adoptBy: string; source: string } | null;
  kbliClassification: KbliClassification;
  permitsByRisk: Readonly<Record<RiskLevel, readonly PermitType[]>>;
  permitsSource: string;
  deemedApproval: readonly DeemedApproval[];
  deemedApprovalSource: string;
  /** Version of the activity table, recorded with each risk assessment. */
  catalogueVersion: string;
  /** The KBLI activities it covers, ordered by code. */
  activities: readonly KbliEntry[];
}

/** A rule-set file that cannot be used; the message names the rule set (or file) and the row. */
export class RuleSetError extends Error {}

const RISK_LEVELS = Object.values(RiskLevel) as RiskLevel[];
const SCALES = Object.values(BusinessScale) as BusinessScale[];
const PERMIT_TYPES = Object.values(PermitType) as PermitType[];
const PARAMETERS: readonly KbliParameter[] = ['seats', 'rooms', 'landAreaHa', 'buildingAreaM2'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one rule-set file; throws a RuleSetError naming `where` and the field or row at fault. */
function readRuleSet(raw: unknown, index: number): RuleSet {
  if (!isRecord(raw)) throw new RuleSetError(`rule-set file #${index + 1}: not an object`);
  const id = typeof raw.id === 'string' && raw.id.trim() ? raw.id : undefined;
  const where = id ? `rule set ${id}` : `rule-set file #${index + 1}`;
  const fail = (what: string): never => {
    throw new RuleSetError(`${where}: ${what}`);
  };
  const text = (value: unknown, what: string): string => (typeof value === 'string' && value.trim() ? value : fail(`${what} is missing`));
  const date = (value: unknown, what: string): string => (typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : fail(`${what} must be a date YYYY-MM-DD`));
  if (!id) fail('id is missing');
  const regulation = isRecord(raw.regulation) ? raw.regulation : fail('regulation is missing');
  const effectiveFrom = date(raw.effectiveFrom, 'effectiveFrom');
  const effectiveUntil = raw.effectiveUntil === undefined || raw.effectiveUntil === null ? null : date(raw.effectiveUntil, 'effectiveUntil');
  if (effectiveUntil !== null && effectiveUntil <= effectiveFrom) fail(`effectiveUntil ${effectiveUntil} is not after effectiveFrom ${effectiveFrom}`);
  let transition: RuleSet['transition'] = null;
  if (raw.transition !== undefined && raw.transition !== null) {
    const t = isRecord(raw.transition) ? raw.transition : fail('transition must be an object');
    transition = { adoptBy: date(t.adoptBy, 'transition.adoptBy'), source: text(t.source, 'the source of transition') };
    if (transition.adoptBy < effectiveFrom) fail(`transition.adoptBy ${transition.adoptBy} is before effectiveFrom ${effectiveFrom}`);
  }
  const classification = raw.kbliClassification;
  if (classification !== 'KBLI2020' && classification !== 'KBLI2025') fail(`kbliClassification must be KBLI2020 or KBLI2025, got ${String(classification)}`);

  const permitType = (value: unknown, what: string): PermitType =>
    PERMIT_TYPES.includes(value as PermitType) ? (value as PermitType) : fail(`${what}: unknown permit type ${JSON.stringify(value)}`);
  const riskLevel = (value: unknown, what: string): RiskLevel =>
    RISK_LEVELS.includes(value as RiskLevel) ? (value as RiskLevel) : fail(`${what}: unknown risk level ${JSON.stringify(value)}`);

  const byRisk = isRecord(raw.permitsByRisk) ? raw.permitsByRisk : fail('permitsByRisk is missing');
  const permitsByRisk = {} as Record<RiskLevel, readonly PermitType[]>;
  for (const key of Object.keys(byRisk)) riskLevel(key, `permitsByRisk.${key}`);
  for (const level of RISK_LEVELS) {
    const list = Array.isArray(byRisk[level]) ? (byRisk[level] as unknown[]) : fail(`permitsByRisk.${level} is missing`);
    const permits = list.map((p) => permitType(p, `permitsByRisk.${level}`));
    if (permits[0] !== PermitType.NIB) fail(`permitsByRisk.${level} must start with NIB`);
    permitsByRisk[level] = Object.freeze(permits);
  }
  const deemedApproval = (Array.isArray(raw.deemedApproval) ? raw.deemedApproval : fail('deemedApproval must be a list')).map((d, i) => {
    const row = isRecord(d) ? d : fail(`deemedApproval[${i}] is not an object`);
    const risk = riskLevel(row.risk, `deemedApproval[${i}].risk`);
    const permit = permitType(row.permit, `deemedApproval[${i}]`);
    if (!permitsByRisk[risk].includes(permit)) fail(`deemedApproval[${i}]: ${permit} is not a permit of ${risk}`);
    const stage = DEEMED_STAGES.includes(row.stage as DeemedStage) ? (row.stage as DeemedStage) : fail(`deemedApproval[${i}]: stage must be VERIFICATION or APPROVAL`);
    return Object.freeze({ permit, risk, stage, basis: text(row.basis, `the basis of deemedApproval[${i}]`), source: text(row.source, `the source of deemedApproval[${i}]`) });
  });

  const rows = Array.isArray(raw.activities) ? raw.activities : fail('activities must be a list');
  const seen = new Set<string>();
  const activities = rows.map((r, i) => {
    const row = isRecord(r) ? r : fail(`activities[${i}] is not an object`);
    const code = typeof row.code === 'string' && /^\d{5}$/.test(row.code) ? row.code : fail(`activities[${i}]: code must be 5 digits, got ${JSON.stringify(row.code)}`);
    const at = `activity ${code}`;
    if (seen.has(code)) fail(`${at} appears twice`);
    seen.add(code);
    return readActivity(row, at, { text, fail, riskLevel });
  });
  activities.sort((a, b) => a.code.localeCompare(b.code));

  return Object.freeze({
    id: id as string,
    regulation: Object.freeze({ short: text(regulation.short, 'regulation.short'), title: text(regulation.title, 'regulation.title'), url: text(regulation.url, 'regulation.url') }),
    effectiveFrom,
    effectiveUntil,
    effectiveSource: text(raw.effectiveSource, 'effectiveSource'),
    transition: transition ? Object.freeze(transition) : null,
    kbliClassification: classification as KbliClassification,
    permitsByRisk: Object.freeze(permitsByRisk),
    permitsSource: text(raw.permitsSource, 'permitsSource'),
    deemedApproval: Object.freeze(deemedApproval),
    deemedApprovalSource: text(raw.deemedApprovalSource, 'deemedApprovalSource'),
    catalogueVersion: text(raw.catalogueVersion, 'catalogueVersion'),
    activities: Object.freeze(activities),
  });
}

interface Readers {
  text(value: unknown, what: string): string;
  fail(what: string): never;
  riskLevel(value: unknown, what: string): RiskLevel;
}

function readRisk(value: unknown, what: string, { fail, riskLevel }: Readers): Readonly<Record<BusinessScale, RiskLevel>> {
  if (!isRecord(value)) fail(`${what} is missing`);
  const risk = {} as Record<BusinessScale, RiskLevel>;
  for (const scale of SCALES) risk[scale] = riskLevel((value as Raw)[scale], `${what}.${scale}`);
  return Object.freeze(risk);
}

function readActivity(row: Raw, at: string, readers: Readers): KbliEntry {
  const { text, fail } = readers;
  const sourcedScales = (Array.isArray(row.sourcedScales) ? row.sourcedScales : fail(`${at}: sourcedScales must be a list`)).map((s) =>
    SCALES.includes(s as BusinessScale) ? (s as BusinessScale) : fail(`${at}: unknown business scale ${JSON.stringify(s)} in sourcedScales`),
  );
  const parameterRules =
    row.parameterRules === undefined
      ? undefined
      : (Array.isArray(row.parameterRules) ? row.parameterRules : fail(`${at}: parameterRules must be a list`)).map((p, i) =>
          readParameterRule(isRecord(p) ? p : fail(`${at}: parameterRules[${i}] is not an object`), `${at}, parameterRules[${i}]`, readers),
        );
  return Object.freeze({
    code: row.code as string,
    title: text(row.title, `the title of ${at}`),
    risk: readRisk(row.risk, `${at}: risk`, readers),
    ...(parameterRules ? { parameterRules: Object.freeze(parameterRules) } : {}),
    source: text(row.source, `the source of ${at}`),
    sourcedScales: Object.freeze(sourcedScales),
    verified: SCALES.every((s) => sourcedScales.includes(s)),
    ...(typeof row.note === 'string' ? { note: row.note } : {}),
  });
}

function readParameterRule(rule: Raw, at: string, readers: Readers): KbliParameterRule {
  const { text, fail } = readers;
  const parameter = PARAMETERS.includes(rule.parameter as KbliParameter) ? (rule.parameter as KbliParameter) : fail(`${at}: unknown parameter ${JSON.stringify(rule.parameter)}`);
  const bands = Array.isArray(rule.ranges) && rule.ranges.length > 0 ? rule.ranges : fail(`${at}: ranges must be a non-empty list`);
  const ranges: KbliParameterRange[] = bands.map((b, i) => {
    const band = isRecord(b) ? b : fail(`${at}: ranges[${i}] is not an object`);
    const last = i === bands.length - 1;
    if (last !== (band.upTo === undefined)) fail(`${at}: only the last band is open-ended`);
    if (band.upTo !== undefined && (typeof band.upTo !== 'number' || !Number.isFinite(band.upTo))) fail(`${at}: ranges[${i}].upTo must be a number`);
    return Object.freeze({ ...(band.upTo !== undefined ? { upTo: band.upTo as number } : {}), risk: readRisk(band.risk, `${at}: ranges[${i}].risk`, readers) });
  });
  for (let i = 1; i < ranges.length - 1; i++) if ((ranges[i].upTo as number) <= (ranges[i - 1].upTo as number)) fail(`${at}: bands must ascend`);
  if (typeof rule.verified !== 'boolean') fail(`${at}: verified must be true or false`);
  return Object.freeze({
    parameter,
    unit: text(rule.unit, `the unit of ${at}`),
    description: text(rule.description, `the description of ${at}`),
    ranges: Object.freeze(ranges),
    source: text(rule.source, `the source of ${at}`),
    verified: rule.verified as boolean,
  });
}

/**
 * Reads and checks rule-set files: every field and row, unique ids, and effective dates that follow each other
 * without overlapping (each but the latest ends where the next begins). Sorted by `effectiveFrom`.
 * @throws RuleSetError naming the rule set and the row
 */
export function loadRuleSets(files: readonly unknown[]): RuleSet[] {
  const sets = files.map(readRuleSet).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  if (sets.length === 0) throw new RuleSetError('no rule set');
  const ids = new Set<string>();
  for (const [i, set] of sets.entries()) {
    if (ids.has(set.id)) throw new RuleSetError(`rule set ${set.id} appears twice`);
    ids.add(set.id);
    const next = sets[i + 1];
    if (!next) {
      if (set.effectiveUntil !== null) throw new RuleSetError(`rule set ${set.id}: the latest rule set has no effectiveUntil`);
      continue;
    }
    if (set.effectiveUntil === null) {
      throw new RuleSetError(`rule set ${set.id} (from ${set.effectiveFrom}, no end) overlaps rule set ${next.id} from ${next.effectiveFrom}`);
    }
    if (set.effectiveUntil > next.effectiveFrom) {
      throw new RuleSetError(`rule set ${set.id} (until ${set.effectiveUntil}) overlaps rule set ${next.id} from ${next.effectiveFrom}`);
    }
    if (set.effectiveUntil < next.effectiveFrom) {
      throw new RuleSetError(`rule set ${set.id} ends ${set.effectiveUntil} but rule set ${next.id} begins only ${next.effectiveFrom}: no rule set in between`);
    }
  }
  return sets;
}

/** The platform's rule sets, oldest first; checked when the module loads. */
export const RULE_SETS: readonly RuleSet[] = Object.freeze(loadRuleSets(RULE_SET_FILES));

/** The rule set in force now for an office that switched on the regulation's first day. */
export const LATEST_RULE_SET: RuleSet = RULE_SETS[RULE_SETS.length - 1];

const BY_ID = new Map(RULE_SETS.map((s) => [s.id, s]));

/** The deemed approval a lapsed deadline of `stage` gives an application of `risk` under the rule set, if any. */
export function deemedApprovalAt(ruleSet: RuleSet, risk: RiskLevel, stage: DeemedStage): DeemedApproval | undefined {
  return ruleSet.deemedApproval.find((d) => d.risk === risk && d.stage === stage);
}

/** A rule set by its id; undefined when unknown. */
export function findRuleSet(id: string): RuleSet | undefined {
  return BY_ID.get(id);
}

/**
 * The rule set a recorded decision was made under: its id, or none for a decision recorded before rule sets
 * were (PP 5/2021, the regulation the platform applied then).
 * @throws RuleSetError for an unknown id
 */
export function decidedUnder(id: string | null | undefined): RuleSet {
  return id === undefined || id === null ? RULE_SETS[0] : ruleSetById(id);
}

/** `decidedUnder` for an id from outside (an event): undefined, not an error, when the id is unknown. */
export function findDecidedUnder(id: string | null | undefined): RuleSet | undefined {
  return id === undefined || id === null ? RULE_SETS[0] : findRuleSet(id);
}

/** A rule set by its id, for a decision recorded under it; throws when unknown. */
export function ruleSetById(id: string): RuleSet {
  const found = BY_ID.get(id);
  if (!found) throw new RuleSetError(`unknown rule set ${id}; known: ${RULE_SETS.map((s) => s.id).join(', ')}`);
  return found;
}

/**
 * The rule set that decides an application submitted at `at` to an office in `timeZone`: the one whose dates
 * hold the office's local date. During a rule set's transition an office that has not yet switched (its
 * `switchDates[id]` is later than the local date; at the latest `transition.adoptBy`) still applies the
 * previous rule set, as the regulation allows for applications made before the adapted system operates.
 * @throws RuleSetError for a date before the first rule set
 */
export function ruleSetFor(at: Date, timeZone: WorkingDayTimeZone, switchDates: Readonly<Record<string, string>> = {}): RuleSet {
  const day = localDate(at, timeZone);
  for (let i = RULE_SETS.length - 1; i >= 0; i--) {
    const set = RULE_SETS[i];
    if (day < set.effectiveFrom) continue;
    const switched = switchDates[set.id];
    if (i > 0 && set.transition && switched && day < switched && day < set.transition.adoptBy) return RULE_SETS[i - 1];
    return set;
  }
  throw new RuleSetError(`no rule set applies on ${day}; the first begins ${RULE_SETS[0].effectiveFrom}`);
}
