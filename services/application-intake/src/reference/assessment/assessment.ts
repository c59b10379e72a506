import { ApplicantKind, BusinessScale, PermitType, RiskLevel } from '@mpp/contracts';
import {
  businessScaleFromAnnualSales,
  businessScaleFromCapital,
  documentChecklist,
  DocumentType,
  findKbli,
  isAutoVerifiable,
  KBLI_CATALOGUE_VERSION,
  permitsForRisk,
  requiresHeadOfOfficeApproval,
  riskLevelFor,
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
  catalogueVersion: string;
}

/**
 * The scale and risk an application is filed at: the one derivation the submission (`newApplication`) and
 * the wizard's preview share, so the preview cannot tell the applicant something the submission then decides
 * differently. Throws `DomainRuleError` for an unknown KBLI or a bad amount.
 */
export function scaleAndRisk(kbli: string, capital: number): { businessScale: BusinessScale; riskLevel: RiskLevel } {
  const businessScale = businessScaleFromCapital(capital);
  return { businessScale, riskLevel: riskLevelFor(kbli, businessScale) };
}

/**
 * The preview of an application's outcome before it is submitted: scale and risk (as the submission derives
 * them), the permits the risk level yields (as issuance issues them) and the documents verification will
 * ask for (its checklist for the risk level and kind of applicant).
 */
export function assessApplication(input: AssessmentInput): Assessment {
  const { businessScale, riskLevel } = scaleAndRisk(input.kbli, input.capital);
  const entry = findKbli(input.kbli);
  return {
    kbli: { code: input.kbli.trim(), title: entry?.title ?? input.kbli },
    businessScale,
    ...(input.annualSales != null ? { salesScale: businessScaleFromAnnualSales(input.annualSales) } : {}),
    riskLevel,
    permits: permitsForRisk(riskLevel),
    documents: documentChecklist(riskLevel, input.kind ?? 'INDIVIDUAL'),
    officerReview: !isAutoVerifiable(riskLevel),
    headOfOfficeApproval: requiresHeadOfOfficeApproval(riskLevel),
    catalogueVersion: KBLI_CATALOGUE_VERSION,
  };
}
