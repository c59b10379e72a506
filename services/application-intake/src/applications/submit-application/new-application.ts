import { randomUUID } from 'node:crypto';
import { Officer } from '@mpp/auth';
import { ApplicantKind, ApplicationSubmittedV1, SubmittedEntity } from '@mpp/contracts';
import { decidedUnder, findKbli, RuleSet, validateNpwp } from '@mpp/domain';
import { scaleAndRisk } from '../../reference/assessment/assessment';
import { ApplicationEntity } from '../application.entities';
import { INITIAL_STATUS } from '../application-lifecycle';
import { EntityDto, SubmitApplicationRequest } from './submit-application.request.dto';

/** What the submission assigns besides the request: number, tracking code, normalised region, channel, time. */
export interface Assigned {
  applicationNumber: string;
  /** The keyed hash of the new tracking code (the code itself is never stored). */
  trackingCodeHash: string;
  regionCode: string;
  /** The front-desk officer filing it at the counter; absent online. */
  officer?: Officer;
  now: Date;
  /** The rule set in force for the office at `now` (`ruleSetFor`). */
  ruleSet: RuleSet;
}

/**
 * The application as stored: business scale (PP 7/2021, from capital) and risk level (KBLI × scale)
 * derived, text trimmed, the NPWP as digits, only the hash of the tracking code. The request class trims
 * already (`NormalisedText`, the rule the event classes share); trimming again here keeps a use case called
 * without the HTTP pipe (the service harness, the counter) to the same stored form.
 */
export function newApplication(request: SubmitApplicationRequest, assigned: Assigned): ApplicationEntity {
  const { applicant, business } = request;
  // The one derivation the wizard's preview (GET /api/v1/reference/assessment) shares.
  const { businessScale, riskLevel } = scaleAndRisk(business.kbli, business.capital, assigned.ruleSet);
  const applicantKind: ApplicantKind = applicant.kind ?? 'INDIVIDUAL';
  return {
    id: randomUUID(),
    applicationNumber: assigned.applicationNumber,
    trackingCodeHash: assigned.trackingCodeHash,
    officeCode: request.officeCode,
    status: INITIAL_STATUS,
    riskLevel,
    businessScale,
    ruleSet: assigned.ruleSet.id,
    applicantNik: applicant.nik,
    applicantName: applicant.name.trim(),
    applicantEmail: applicant.email ?? null,
    applicantPhone: applicant.phone ?? null,
    applicantLanguage: applicant.language ?? null,
    applicantNpwp: applicant.npwp ? validateNpwp(applicant.npwp).normalized : null,
    applicantKind,
    entity: applicantKind === 'ENTITY' && applicant.entity ? submittedEntity(applicant.entity) : null,
    businessName: business.name.trim(),
    kbli: business.kbli,
    capital: business.capital,
    annualSales: business.annualSales ?? null,
    regionCode: assigned.regionCode,
    street: business.address.street.trim(),
    channel: assigned.officer ? 'COUNTER' : 'ONLINE',
    filedBy: assigned.officer?.id ?? null,
    submittedAt: assigned.now,
    approvalDueAt: null,
    slaBreachedAt: null,
    updatedAt: assigned.now,
  };
}

/** ApplicationSubmitted, from the application as stored. */
export function applicationSubmittedPayload(application: ApplicationEntity): ApplicationSubmittedV1 {
  const { applicantNpwp: npwp, entity } = application;
  return {
    applicationId: application.id,
    applicationNumber: application.applicationNumber,
    officeCode: application.officeCode,
    applicant: {
      nik: application.applicantNik,
      name: application.applicantName,
      ...(npwp ? { npwp } : {}),
      // Individuals keep the payload they had before entities existed (kind absent means INDIVIDUAL).
      ...(entity ? { kind: application.applicantKind, entity } : {}),
    },
    business: {
      name: application.businessName,
      kbli: application.kbli,
      kbliTitle: findKbli(application.kbli, decidedUnder(application.ruleSet))?.title ?? application.kbli,
      capital: application.capital,
      ...(application.annualSales != null ? { annualSales: application.annualSales } : {}),
      address: { regionCode: application.regionCode, street: application.street },
    },
    businessScale: application.businessScale,
    riskLevel: application.riskLevel,
    ruleSet: application.ruleSet,
    submittedAt: application.submittedAt.toISOString(),
    // For the notification service: only when there is somewhere to write to.
    ...(application.applicantEmail || application.applicantPhone
      ? {
          contact: {
            ...(application.applicantEmail ? { email: application.applicantEmail } : {}),
            ...(application.applicantPhone ? { phone: application.applicantPhone } : {}),
            language: application.applicantLanguage ?? 'id',
          },
        }
      : {}),
  };
}

/** The entity as stored and published: trimmed text, the NPWP as digits only, optional deed fields only when given. */
function submittedEntity(entity: EntityDto): SubmittedEntity {
  const deed = entity.deed;
  return {
    form: entity.form,
    name: entity.name.trim(),
    npwp: validateNpwp(entity.npwp).normalized,
    ...(deed
      ? {
          deed: {
            number: deed.number.trim(),
            date: deed.date,
            ...(deed.notary?.trim() ? { notary: deed.notary.trim() } : {}),
            ...(deed.ministryApproval?.trim() ? { ministryApproval: deed.ministryApproval.trim() } : {}),
          },
        }
      : {}),
  };
}
