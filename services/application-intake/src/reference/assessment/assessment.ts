import { ApplicantKind, BusinessScale, PermitType, RiskLevel } from '@mpp/contracts';
import {
  businessScaleFromAnnualSales,
  businessScaleFromCapital,
  documentChecklist,
  DocumentType,
  findKbli,
  isAutoVerifiable,
  LATEST_RULE_SET,
  permitsForRisk,
  requiresHeadOfOfficeApproval,
  riskLevelFor,
  RuleSet,
} from '@mpp/domain';

export interface AssessmentInput {
  kbli: string;
  /** Modal usaha in rupiah, excluding land and buildings. */
  capital: number;
  annualSales?: number;
  kind?: ApplicantKind;
}

export interface Assessment {
  kbli: { code: string; title: string };
  /** The scale the application is filed at: from the capital (PP 7/2021 Ps. 35(2)-(3)), as the submission derives it. */
  businessScale: BusinessScale;
  /** The scale the annual sales alone would give (PP 7/2021 Ps. 35(5)); informative, the submission uses the capital. */
  salesScale?: BusinessScale;
  riskLevel: RiskLevel;
  /** What the risk level yields, NIB first. */
  permits: PermitType[];
  /** The documents the verification asks for (the checklist), in the order officers check them. */
  documents: DocumentType[];
  /** True when an officer has to check the application (medium-high and high risk). */
  officerReview: boolean;
  /** True when the head of office has to approve (high risk: an Izin). */
  headOfOfficeApproval: boolean;
  /** The rule set it is decided under: the regulation in force today. */
  ruleSet: RuleSetSummary;
  catalogueVersion: string;
}

/** Which regulation a decision follows, as the status view and the preview name it. */
export interface RuleSetSummary {
  id: string;
  /** Short citation, e.g. `PP 28/2025`. */
  regulation: string;
  title: string;
  url: string;
}

export function ruleSetSummary(ruleSet: RuleSet): RuleSetSummary {
  return { id: ruleSet.id, regulation: ruleSet.regulation.short, title: ruleSet.regulation.title, url: ruleSet.regulation.url };
}

/**
 * The scale and risk an application is filed at: the one derivation the submission (`newApplication`) and
 * the wizard's preview share, so the preview cannot tell the applicant something the submission then decides
 * differently. Throws `DomainRuleError` for an unknown KBLI or a bad amount.
 */
export function scaleAndRisk(kbli: string, capital: number, ruleSet: RuleSet): { businessScale: BusinessScale; riskLevel: RiskLevel } {
  const businessScale = businessScaleFromCapital(capital);
  return { businessScale, riskLevel: riskLevelFor(kbli, businessScale, undefined, ruleSet) };
}

/**
 * The preview of an application's outcome before it is submitted: scale and risk (as the submission derives
 * them), the permits the risk level yields (as issuance issues them) and the documents verification will
 * ask for (its checklist for the risk level and kind of applicant).
 */
export function assessApplication(input: AssessmentInput, ruleSet: RuleSet = LATEST_RULE_SET): Assessment {
  const { businessScale, riskLevel } = scaleAndRisk(input.kbli, input.capital, ruleSet);
  const entry = findKbli(input.kbli, ruleSet);
  return {
    kbli: { code: input.kbli.trim(), title: entry?.title ?? input.kbli },
    businessScale,
    ...(input.annualSales != null ? { salesScale: businessScaleFromAnnualSales(input.annualSales) } : {}),
    riskLevel,
    permits: permitsForRisk(riskLevel, ruleSet),
    documents: documentChecklist(riskLevel, input.kind ?? 'INDIVIDUAL'),
    officerReview: !isAutoVerifiable(riskLevel),
    headOfOfficeApproval: requiresHeadOfOfficeApproval(riskLevel),
    ruleSet: ruleSetSummary(ruleSet),
    catalogueVersion: ruleSet.catalogueVersion,
  };
}
